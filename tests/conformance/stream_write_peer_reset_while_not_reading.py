"""The peer resets while a paused socket's read buffer is full (so it is
not reading): the in-flight write's callback gets 'write ECONNRESET', then
the buffered one, then 'error', then 'close'(true)."""
import gevent
from _write_lifecycle import run


def body(s, t, ei, client):
    s.pause()

    def go():  # (a greenlet of its own: a loop turn per check, as setImmediate)
        for _ in range(100000):
            if s.readable_length >= s.readable_high_water_mark:
                break
            gevent.sleep(0)
        t.log('buffer full', s.readable_length >= s.readable_high_water_mark)
        t.log('w1', s.write(b'a' * (8 * 1024 * 1024), lambda e: t.log('cb1', ei(e))))
        t.log('w2', s.write('second', lambda e: t.log('cb2', ei(e))))
        client.resetAndDestroy()
    client.write(b'b' * (64 * 1024))
    gevent.spawn(go)


run(body)
