"""off(fn) removes a once(fn) wrapper too (the most recent match, wrapper or
not); off(wrapper) with the raw wrapper works as well."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f():
    t.log('f')


e.once('x', f)
t.log('count', e.listener_count('x'))
e.off('x', f)
t.log('after off(f)', e.listener_count('x'), e.emit('x'))
e.on('x', f)
e.once('x', f)
e.off('x', f)
t.log('left: is the plain f', [fn is f for fn in e.raw_listeners('x')])
e.emit('x')
e.emit('x')
e.remove_all_listeners('x')
e.once('x', f)
e.off('x', e.raw_listeners('x')[0])
t.log('off(raw wrapper)', e.listener_count('x'), e.emit('x'))
t.dump()
