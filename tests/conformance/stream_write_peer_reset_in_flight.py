"""The peer resets while an 8 MiB write is in flight and another is
buffered: 'error' ECONNRESET first, the in-flight callback null, the
buffered one ECONNRESET, then 'close'(true)."""
from _write_lifecycle import run


def body(s, t, ei, client):
    t.log('w1', s.write(b'a' * (8 * 1024 * 1024), lambda e: t.log('cb1', ei(e))))
    t.log('w2', s.write('second', lambda e: t.log('cb2', ei(e))))
    client.resetAndDestroy()


run(body)
