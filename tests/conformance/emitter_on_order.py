"""on() and add_listener() append: listeners run in the order added, get the
emit's arguments, and both return the emitter."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()
t.log('on returns the emitter', e.on('x', lambda *args: t.log('a', list(args))) is e)
t.log('addListener returns the emitter', e.add_listener('x', lambda *args: t.log('b', list(args))) is e)
e.on('x', lambda *args: t.log('c', list(args)))
t.log('addListener is on', EventEmitter.add_listener is EventEmitter.on)
t.log('emit', e.emit('x', 1, 'two'))
t.log('emit', e.emit('x'))
t.dump()
