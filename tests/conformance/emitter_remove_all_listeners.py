"""remove_all_listeners(name) clears one event, remove_all_listeners() all of
them; both return the emitter, unknown names are fine."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f():
    t.log('f')


def g():
    t.log('g')


e.on('a', f)
e.on('b', f)
e.once('b', g)
e.on('c', g)
t.log('names', e.event_names())
t.log('remove b returns the emitter', e.remove_all_listeners('b') is e, e.event_names())
t.log('emit b', e.emit('b'), 'count b', e.listener_count('b'))
t.log('remove unknown returns the emitter', e.remove_all_listeners('nope') is e, e.event_names())
t.log('remove all returns the emitter', e.remove_all_listeners() is e, e.event_names())
t.log('emit a', e.emit('a'), 'emit c', e.emit('c'))
e.on('a', g)
t.log('usable again', e.emit('a'), e.event_names())
t.dump()
