"""A write in flight, two buffered and end(cb) pending, then destroy(err):
'error', the in-flight callback null, the buffered ones and end's the
error, 'close'(true); never 'finish'."""
from _write_lifecycle import run


def body(s, t, ei, client):
    s.write(b'a' * (8 * 1024 * 1024), lambda e: t.log('cb1', ei(e)))
    s.write('second', lambda e: t.log('cb2', ei(e)))
    s.end('last', lambda e: t.log('end cb', ei(e)))
    t.log('ended', s.writableEnded, s.writableFinished)
    s.destroy(Exception('boom'))


run(body)
