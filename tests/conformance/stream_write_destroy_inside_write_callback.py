"""destroy(err) inside the callback of a write the kernel took: end's
callback gets the error at once, the next (taken) write's callback null,
then 'error', then 'close'(true)."""
from _write_lifecycle import run


def body(s, t, ei, client):
    def cb1(e):
        t.log('cb1', ei(e))
        s.destroy(Exception('in cb'))
        t.log('after destroy')
    s.write('a', cb1)
    s.write('b', lambda e: t.log('cb2', ei(e)))
    s.end(lambda e: t.log('end cb', ei(e)))


run(body)
