"""The same function added twice runs twice per emit; each off() removes
one registration."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()
runs = 0


def f(tag):
    global runs
    runs += 1
    t.log('f', tag, runs)


e.on('x', f)
e.on('x', f)
e.emit('x', 'two registrations')
t.log('counts', e.listener_count('x'), e.listener_count('x', f))
e.off('x', f)
e.emit('x', 'one left')
t.log('counts', e.listener_count('x'), e.listener_count('x', f))
e.off('x', f)
t.log('none left', e.emit('x', 'never'), e.event_names())
e.once('y', f)
e.once('y', f)
e.emit('y', 'once twice')
t.log('once twice then', e.emit('y', 'never'))
t.dump()
