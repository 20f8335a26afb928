"""A write in flight and end('x', cb) pending, then destroy(): the in-flight
callback null; end's callback ERR_STREAM_DESTROYED (end); 'close'(false)."""
from _write_lifecycle import run


def body(s, t, ei, client):
    s.write(b'a' * (8 * 1024 * 1024), lambda e: t.log('cb1', ei(e)))
    s.end('x', lambda e: t.log('end cb', ei(e)))
    s.destroy()


run(body)
