"""Connecting to a closed port: 'error' ECONNREFUSED with syscall, address,
port and Node's message, then close(true); no 'connect'."""
from _trace import Trace, attempt, err_info

import gnet

t = Trace()
srv = []
cli = []
pending = [3]


def done(*args):
    pending[0] -= 1
    if pending[0] == 0:
        t.log('server', srv)
        t.log('client', cli)
        t.dump()


pending[0] = 2
c = gnet.connect(1, '127.0.0.1')
c.on('connect', lambda: cli.append(['connect']))
c.on('error', lambda e: cli.append(['error', err_info(e), e.syscall, e.address, e.port, c.destroyed]))
c.on('close', lambda had_error: (cli.append(['close', had_error, c.readyState]), done(), done()))

gnet.run()
