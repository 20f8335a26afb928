"""emit() returns True when the event had listeners, False otherwise, and
passes every argument through unchanged."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()
t.log('no listeners', e.emit('x'))
e.on('x', lambda: None)
t.log('with a listener', e.emit('x'), 'other event', e.emit('y'))
e.remove_all_listeners('x')
t.log('after removal', e.emit('x'))
e.on('error', lambda err: None)
t.log('error with a listener', e.emit('error', Exception('e')))
e.on('args', lambda *args: t.log('args', list(args)))
t.log('returns', e.emit('args'))
e.emit('args', 1, None, 'x', [1, 2], {'k': 'v'}, True, 2.5)
e.once('once', lambda: None)
t.log('once', e.emit('once'), e.emit('once'))
t.dump()
