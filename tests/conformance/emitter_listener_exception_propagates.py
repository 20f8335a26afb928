"""An exception raised by a listener propagates out of emit(): later
listeners do not run, the emitter stays usable, and a once() listener that
raises is gone all the same."""
from _trace import Trace, err_info

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def second():
    t.log('second throws')
    raise Exception('from listener')


def once_y():
    raise Exception('once threw')


def on_error(er):
    raise Exception('handler failed: %s' % er)


e.on('x', lambda: t.log('first'))
e.on('x', second)
e.on('x', lambda: t.log('third'))
try:
    e.emit('x')
    t.log('did not throw')
except Exception as x:
    t.log('caught', err_info(x))
t.log('still registered', e.listener_count('x'))
e.once('y', once_y)
try:
    e.emit('y')
except Exception as x:
    t.log('caught', str(x))
t.log('once removed anyway', e.listener_count('y'), e.emit('y'))
e.on('error', on_error)
try:
    e.emit('error', Exception('original'))
except Exception as x:
    t.log('from the error listener', str(x))
t.dump()
