"""'removeListener' fires after the listener is gone (the count inside is
already lower); nothing fires for an absent listener. Its argument is the
original for a lone once() listener, but the wrapper when other listeners
remain (Node passes what it was asked to remove)."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f():
    t.log('f runs')


def g():
    t.log('g runs')


def h():
    pass


def label(fn):
    names = {f: 'f', g: 'g', h: 'h'}
    if fn in names:
        return names[fn]
    return 'once-wrapper(f)' if getattr(fn, 'listener', None) is f else '?'


e.on('x', f)
e.on('x', g)
e.once('y', f)
e.on('removeListener', lambda name, fn: t.log('removeListener', name, label(fn),
                                              'count after', e.listener_count(name)))
e.off('x', f)
t.log('-- off absent')
e.off('x', h)
t.log('-- lone once fires')
e.emit('y')
t.log('-- once fires with another listener left')
e.once('z', f)
e.on('z', g)
e.emit('z')
t.log('-- last listener of x')
e.off('x', g)
t.log('names', e.event_names())
t.dump()
