"""end('a', cb1), end(cb2), end('b', cb3): the write in the third end() is
a write after end; every end callback gets ERR_STREAM_WRITE_AFTER_END,
'error' between the first two and the third, then 'close'(true)."""
from _write_lifecycle import run


def body(s, t, ei, client):
    s.end('a', lambda e: t.log('end1 cb', ei(e)))
    s.end(lambda e: t.log('end2 cb', ei(e)))
    s.end('b', lambda e: t.log('end3 cb', ei(e)))
    t.log('state', s.writableEnded, s.destroyed)


run(body)
