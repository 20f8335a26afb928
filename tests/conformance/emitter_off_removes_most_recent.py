"""off() removes the most recently added matching listener, one per call;
removing an absent listener or from an unknown event does nothing."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def a(tag):
    t.log('a', tag)


def b(tag):
    t.log('b', tag)


def absent():
    pass


e.on('x', a)
e.on('x', b)
e.on('x', a)
e.emit('x', 'before')
t.log('off returns the emitter', e.off('x', a) is e)
e.emit('x', 'after one off')
t.log('off absent returns the emitter', e.off('x', absent) is e, e.listener_count('x'))
t.log('off unknown event returns the emitter', e.off('nope', a) is e, e.event_names())
t.log('off is removeListener', EventEmitter.off is EventEmitter.remove_listener)
e.remove_listener('x', a)
e.emit('x', 'after two')
e.off('x', b)
t.log('all gone', e.emit('x', 'never'), e.event_names())
t.dump()
