"""'newListener' fires before the listener is added (the count inside does
not include it yet), with the unwrapped function for once(); a listener
added from inside it for the same event ends up first."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f():
    t.log('f runs')


def g():
    t.log('g runs')


def inner():
    t.log('inner runs')


def second(*args):
    pass


def label(fn):
    names = {f: 'f', g: 'g', inner: 'inner', second: 'second'}
    if fn in names:
        return names[fn]
    return 'once-wrapper' if hasattr(fn, 'listener') else '?'


added = False


def on_new_listener(name, fn):
    global added
    t.log('newListener', name, label(fn), 'count before add', e.listener_count(name))
    if name == 'x' and not added:
        added = True
        e.on('x', inner)


e.on('newListener', on_new_listener)
e.on('x', f)
e.once('x', g)
e.prepend_listener('y', f)
e.prepend_once_listener('y', g)
e.on('newListener', second)
t.log('x order', [label(fn) for fn in e.listeners('x')])
t.log('y order', [label(fn) for fn in e.listeners('y')])
e.emit('x')
t.dump()
