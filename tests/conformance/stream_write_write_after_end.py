"""write() after end(): returns false; its callback, then end's, get
ERR_STREAM_WRITE_AFTER_END, then 'error', then 'close'(true)."""
from _write_lifecycle import run


def body(s, t, ei, client):
    s.end('a', lambda e: t.log('end cb', ei(e)))
    t.log('w', s.write('b', lambda e: t.log('w cb', ei(e))))
    t.log('state', s.writableEnded, s.destroyed, ei(s.errored))


run(body)
