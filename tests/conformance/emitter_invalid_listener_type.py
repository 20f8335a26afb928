"""A listener that is not callable is refused with ERR_INVALID_ARG_TYPE by
every method that takes one, before anything is added or announced."""
from _trace import Trace, attempt

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()
e.on('newListener', lambda name, fn: t.log('newListener', name))
for bad in [5, 'abc', None, {}, [1], True]:
    t.log('on', attempt(e.on, 'x', bad))
for method in ['addListener', 'once', 'prependListener', 'prependOnceListener', 'off',
               'removeListener']:
    t.log(method, attempt(getattr(e, method), 'x', 5))
t.log('nothing added', e.listener_count('x'), e.event_names())
t.dump()
