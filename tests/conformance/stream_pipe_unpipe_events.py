"""pipe() returns the destination and emits 'pipe'(src) on it; unpipe(dest)
and unpipe() emit 'unpipe'(src) and remove every listener pipe() added;
unpiping the last destination pauses the source; a destination's 'close'
or 'error' unpipes it; unpipe of a stranger does nothing."""
from _trace import Trace

import gnet

t = Trace()
src = gnet.Socket()
d1 = gnet.Socket()
d2 = gnet.Socket()
names = ['data', 'end']
dest_names = ['unpipe', 'drain', 'error', 'close', 'finish']
base = {
    'src': [src.listener_count(n) for n in names],
    'd1': [d1.listener_count(n) for n in dest_names],
}


def counts(label):
    t.log(label, [src.listener_count(n) - base['src'][i] for i, n in enumerate(names)],
          [d1.listener_count(n) - base['d1'][i] for i, n in enumerate(dest_names)],
          [d2.listener_count(n) - base['d1'][i] for i, n in enumerate(dest_names)])


def logger(name, what):
    return lambda s: t.log(name, what, s is src)


for name, d in [('d1', d1), ('d2', d2)]:
    d.on('pipe', logger(name, 'pipe'))
    d.on('unpipe', logger(name, 'unpipe'))
t.log('returns dest', src.pipe(d1) is d1)
t.log('flowing', src.readable_flowing, src.is_paused())
src.pipe(d2, {'end': False})
counts('two pipes')
src.unpipe(d2)
t.log('flowing', src.readable_flowing)
counts('unpiped d2')
src.unpipe(d2)
src.unpipe(gnet.Socket())
src.unpipe(d1)
t.log('flowing', src.readable_flowing, src.is_paused())
counts('unpiped all')
src.unpipe()
src.pipe(d1)
src.pipe(d2)
src.unpipe()
t.log('flowing', src.readable_flowing)
counts('unpipe()')
src.pipe(d1)
src.pipe(d2)


def on_d2_close():
    counts('d2 destroyed')
    t.log('flowing', src.readable_flowing)
    t.dump()


def on_d1_close():
    counts('d1 closed')
    d2.destroy(Exception('boom'))


d1.on('close', on_d1_close)
d2.on('error', lambda e: t.log('d2 error', str(e)))
d2.on('close', on_d2_close)
d1.destroy()
gnet.run()
