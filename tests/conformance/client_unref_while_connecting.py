"""unref() of a socket whose connect is pending: the connect request itself
still keeps the loop alive (libuv's active request), so an unref'd timer
fires; the socket is still connecting then."""
import subprocess
import sys

from gevent.hub import get_hub
from _trace import Trace

import gnet

t = Trace()
helper = subprocess.Popen([sys.executable, '_pending_listener.py'], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE)
port = int(helper.stdout.readline())
c = gnet.connect(port, '127.0.0.1')
t.log('unref returns the socket', c.unref() is c)
c.on('connectionAttempt', lambda ip, *a: t.log('attempt', ip))
c.on('close', lambda had_error: t.log('close', had_error))


def fired():
    t.log('unref timer fired', c.connecting, c.destroyed, c.readyState)
    c.destroy()
    helper.stdin.close()
    helper.wait()
    t.dump()


timer = get_hub().loop.timer(1.0)
timer.ref = False
timer.start(fired)
gnet.run()
