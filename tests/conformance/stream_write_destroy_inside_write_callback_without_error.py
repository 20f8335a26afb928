"""destroy() inside a write callback: end's callback gets
ERR_STREAM_DESTROYED (end), the next write's null, then 'close'(false)."""
from _write_lifecycle import run


def body(s, t, ei, client):
    def cb1(e):
        t.log('cb1', ei(e))
        s.destroy()
    s.write('a', cb1)
    s.write('b', lambda e: t.log('cb2', ei(e)))
    s.end(lambda e: t.log('end cb', ei(e)))


run(body)
