"""once(): the wrapper removes itself before the listener runs, so the
listener sees it gone and an emit of the same event from inside the
listener does not call it again."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def once_x(*args):
    t.log('once ran', list(args), 'count inside', e.listener_count('x'))
    t.log('re-emit inside returns', e.emit('x', 'inner'))


t.log('once returns the emitter', e.once('x', once_x) is e)
e.on('x', lambda *args: t.log('on ran', list(args)))
t.log('first emit', e.emit('x', 1))
t.log('second emit', e.emit('x', 2))
t.log('count', e.listener_count('x'))
e.once('y', lambda: t.log('y re-emit inside', e.emit('y')))
t.log('y first emit', e.emit('y'))
t.log('y second emit', e.emit('y'))
t.log('event names', e.event_names())
t.dump()
