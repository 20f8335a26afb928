"""destroy() of a socket whose connect is still pending (the peer's accept
queue is full, its SYN unanswered) closes at once: 'close'(false), the
write and end callbacks get ERR_SOCKET_CLOSED_BEFORE_CONNECTION; with an
error: 'error' first, then the callbacks, then 'close'(true)."""
import subprocess
import sys

import gevent
from _trace import Trace, err_info

import gnet

t = Trace()
helper = subprocess.Popen([sys.executable, '_pending_listener.py'], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE)
port = int(helper.stdout.readline())


def set_immediate(fn):
    gevent.spawn(fn)


c = gnet.connect(port, '127.0.0.1')
c.write('abc', lambda e: t.log('write cb', err_info(e)))
c.end(lambda e: t.log('end cb', err_info(e)))
c.on('connect', lambda: t.log('connect'))
c.on('error', lambda e: t.log('error', err_info(e)))


def destroy_c():
    t.log('before destroy', c.readyState, c.pending, c.connecting, c.destroyed)
    c.destroy()
    t.log('after destroy', c.readyState, c.pending, c.connecting, c.destroyed)


def on_attempt(ip, p, family):
    t.log('connectionAttempt', ip, p == port, family)
    set_immediate(destroy_c)


c.on('connectionAttempt', on_attempt)


def on_close(had_error):
    t.log('close', had_error, c.destroyed)
    d = gnet.connect(port, '127.0.0.1')
    d.write('x', lambda e: t.log('d write cb', err_info(e)))
    d.on('error', lambda e: t.log('d error', str(e)))
    d.on('connectionAttempt', lambda *a: set_immediate(lambda: d.destroy(Exception('boom'))))

    def d_close(had_error):
        t.log('d close', had_error)
        helper.stdin.close()
        helper.wait()
        t.dump()
    d.on('close', d_close)


c.on('close', on_close)
gnet.run()
