"""write() after end() and destroy(): Node's Writable checks "ending" before
"destroyed", so the callback gets ERR_STREAM_WRITE_AFTER_END, not
ERR_STREAM_DESTROYED, and the socket (already destroyed) emits no 'error'."""
from _write_lifecycle import run


def body(s, t, ei, client):
    s.end('a', lambda e: t.log('end cb', ei(e)))
    s.destroy()
    t.log('w', s.write('b', lambda e: t.log('w cb', ei(e))))
    t.log('state', s.writableEnded, s.destroyed, ei(s.errored))


run(body)
