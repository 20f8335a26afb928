"""remove_all_listeners() with 'removeListener' listeners: every removal is
announced, each event's listeners last-added first, events in insertion
order, and 'removeListener' itself last."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f():
    pass


def g():
    pass


def h():
    pass


def rl1(name, fn):
    t.log('rl1', name, label(fn), 'count now', e.listener_count(name))


def rl2(name, fn):
    t.log('rl2', name, label(fn))


def label(fn):
    names = {f: 'f', g: 'g', h: 'h', rl1: 'rl1', rl2: 'rl2'}
    if fn in names:
        return names[fn]
    inner = getattr(fn, 'listener', None)
    if inner in names:
        return 'once-wrapper(%s)' % names[inner]
    return '?'


e.on('removeListener', rl1)
e.on('a', f)
e.on('a', g)
e.on('b', h)
e.once('b', f)
e.on('removeListener', rl2)
e.once('c', g)
t.log('-- removeAllListeners(a)')
e.remove_all_listeners('a')
e.on('a', h)
t.log('-- removeAllListeners()')
e.remove_all_listeners()
t.log('names after', e.event_names())
t.dump()
