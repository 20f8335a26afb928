"""An 8 MiB write in flight and a second one buffered, then destroy():
the in-flight callback gets null, the buffered one ERR_STREAM_DESTROYED,
then 'close'(false); no 'error'."""
from _write_lifecycle import run


def body(s, t, ei, client):
    t.log('w1', s.write(b'a' * (8 * 1024 * 1024), lambda e: t.log('cb1', ei(e))))
    t.log('w2', s.write('second', lambda e: t.log('cb2', ei(e))))
    s.destroy()
    t.log('destroyed', s.destroyed, s.closed, ei(s.errored))


run(body)
