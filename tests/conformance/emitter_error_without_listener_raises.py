"""emit('error', err) with no 'error' listener raises err itself; with a
listener it is an ordinary event."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()
err = Exception('kaboom')
try:
    e.emit('error', err)
    t.log('did not throw')
except Exception as x:
    t.log('threw the same object', x is err, str(x))
e.on('error', lambda x, extra: t.log('listener got it', x is err, extra))
t.log('with a listener returns', e.emit('error', err, 'extra'))
e.remove_all_listeners('error')
e.once('error', lambda x: t.log('once listener got', str(x)))
e.emit('error', err)
try:
    e.emit('error', err)
except Exception as x:
    t.log('once used up: threw again', x is err)
te = TypeError('bad type')
try:
    e.emit('error', te)
except Exception as x:
    t.log('subclass kept', x is te, type(x).__name__, str(x))
t.dump()
