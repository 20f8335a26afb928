"""An emit works on a copy of the listeners taken when it starts: a listener
removed during the emit still runs in it, one added does not, and a
listener may remove itself."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def a():
    t.log('a')
    e.off('x', b)
    e.on('x', c)


def b():
    t.log('b')


def c():
    t.log('c')


def self():
    t.log('self')
    e.off('s', self)


def label(fn):
    return {a: 'a', b: 'b', c: 'c', self: 'self'}.get(fn, '?')


def once_o():
    t.log('once removes all')
    e.remove_all_listeners('o')


e.on('x', a)
e.on('x', b)
t.log('-- first emit')
e.emit('x')
t.log('now', [label(fn) for fn in e.listeners('x')])
t.log('-- second emit')
e.emit('x')
t.log('now', [label(fn) for fn in e.listeners('x')])
e.on('s', self)
e.on('s', b)
t.log('-- self-removal')
e.emit('s')
e.emit('s')
e.once('o', once_o)
e.on('o', lambda: t.log('still runs in this emit'))
t.log('-- removeAllListeners during emit')
t.log(e.emit('o'), e.emit('o'))
t.dump()
