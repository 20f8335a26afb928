"""event_names(): names with listeners, in the order first added; a name
that lost its last listener and comes back goes to the end."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f(*args):
    pass


def g(*args):
    pass


t.log('empty', e.event_names())
e.on('beta', f)
e.on('alpha', f)
e.once('gamma', f)
e.on('beta', g)
t.log('added', e.event_names())
e.off('beta', f)
t.log('beta still has g', e.event_names())
e.off('beta', g)
t.log('beta gone', e.event_names())
e.on('beta', f)
t.log('beta back at the end', e.event_names())
e.emit('gamma')
t.log('once fired', e.event_names())
e.on('newListener', f)
e.on('delta', g)
t.log('with newListener', e.event_names())
t.dump()
