"""Past get_max_listeners() listeners for one event a
MaxListenersExceededWarning is issued, once per event name; the default
limit is 10 and 0 means unlimited. set_max_listeners() validates n."""
import warnings

from _trace import Trace, attempt

from gnet.emitter import EventEmitter

t = Trace()


class MyEmitter(EventEmitter):
    pass


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    e = MyEmitter()
    t.log('default limit', e.get_max_listeners())
    for _ in range(12):
        e.on('x', lambda: None)
    e2 = EventEmitter()
    t.log('setMaxListeners returns the emitter', e2.set_max_listeners(2) is e2,
          e2.get_max_listeners())
    for _ in range(3):
        e2.on('y', lambda: None)
    e2.on('z', lambda: None)
    e2.on('z', lambda: None)
    e3 = EventEmitter()
    e3.set_max_listeners(0)
    for _ in range(20):
        e3.on('w', lambda: None)
    t.log('setMaxListeners(-1)', attempt(e3.set_max_listeners, -1))
    t.log('setMaxListeners(NaN)', attempt(e3.set_max_listeners, float('nan')))
    t.log('setMaxListeners(Infinity)', attempt(e3.set_max_listeners, float('inf')))
t.log('warnings', [[w.category.__name__, str(w.message)] for w in caught])
t.dump()
