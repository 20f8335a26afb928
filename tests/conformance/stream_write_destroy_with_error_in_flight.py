"""An 8 MiB write in flight and a second one buffered, then destroy(err):
'error' first, the in-flight callback gets null (the kernel had it), the
buffered one the error, then 'close'(true); writableLength counts both whole."""
from _write_lifecycle import run


def body(s, t, ei, client):
    big = b'a' * (8 * 1024 * 1024)
    t.log('w1', s.write(big, lambda e: t.log('cb1', ei(e))))
    t.log('w2', s.write('second', lambda e: t.log('cb2', ei(e))))
    t.log('length', s.writableLength, s.bufferSize)
    s.destroy(Exception('boom'))
    t.log('destroyed', s.destroyed, s.closed, ei(s.errored), s.writableLength)


run(body)
