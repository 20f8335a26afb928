"""destroy(err) twice: the second does nothing; errored stays the first
error, which 'error' and the buffered callback get."""
from _write_lifecycle import run


def body(s, t, ei, client):
    s.write(b'\\0' * (8 * 1024 * 1024), lambda e: t.log('cb1', ei(e)))
    s.write('b', lambda e: t.log('cb2', ei(e)))
    s.destroy(Exception('one'))
    s.destroy(Exception('two'))
    t.log('errored', ei(s.errored), s.destroyed, s.closed)


run(body)
