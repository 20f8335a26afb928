"""prepend_listener() and prepend_once_listener() put the listener first."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()
e.on('x', lambda: t.log('a'))
t.log('prependListener returns the emitter', e.prepend_listener('x', lambda: t.log('b')) is e)
t.log('prependOnceListener returns the emitter',
      e.prepend_once_listener('x', lambda: t.log('c once')) is e)
e.prepend_listener('x', lambda: t.log('d'))
t.log('first emit', e.emit('x'))
t.log('second emit', e.emit('x'))
t.log('count', e.listener_count('x'))
e.prepend_once_listener('fresh', lambda: t.log('fresh once'))
e.prepend_listener('fresh', lambda: t.log('fresh prepended'))
e.emit('fresh')
e.emit('fresh')
t.dump()
