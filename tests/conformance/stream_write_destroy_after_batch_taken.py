"""Writes buffered behind an 8 MiB one leave as one batch once it is
taken: 'drain', then every callback null; destroy(err) inside 'drain'
still gives 'error' and 'close'(true) after them."""
from _write_lifecycle import run


def body(s, t, ei, client):
    s.write(b'a' * (8 * 1024 * 1024), lambda e: t.log('cb1', ei(e)))
    s.write('b', lambda e: t.log('cb2', ei(e)))
    s.write('c', lambda e: t.log('cb3', ei(e)))
    client.resume()

    def on_drain():
        t.log('drain', s.writableLength)
        s.destroy(Exception('late'))
    s.once('drain', on_drain)


run(body)
