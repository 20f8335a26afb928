"""listeners() unwraps once-wrappers, raw_listeners() does not; the wrapper
carries the original as .listener, and calling it runs the listener once
and removes it. Both return copies."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f():
    t.log('f')


def g(*args):
    t.log('g', list(args))


e.on('x', f)
e.once('x', g)
ls = e.listeners('x')
raw = e.raw_listeners('x')
t.log('listeners are the originals', [fn is f or fn is g for fn in ls])
t.log('raw is the original', [fn is f or fn is g for fn in raw])
t.log('raw has .listener', [hasattr(fn, 'listener') for fn in raw])
t.log('wrapper .listener is g', raw[1].listener is g)
ls.clear()
raw.clear()
t.log('copies: count unchanged', e.listener_count('x'), len(e.listeners('x')))
wrapper = e.raw_listeners('x')[1]
wrapper('direct')
t.log('after calling the wrapper', e.listener_count('x'))
wrapper('again')
t.log('second call did nothing')
e.emit('x')
t.log('unknown event', e.listeners('nope'), e.raw_listeners('nope'))
t.dump()
