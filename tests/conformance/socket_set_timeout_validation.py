"""setTimeout() validates: a non-number is a TypeError, a negative or infinite
value a RangeError, a non-function callback a TypeError."""
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


import math


def on_connection(s):
    srv.append(['string', attempt(lambda: s.setTimeout('x'))])
    srv.append(['negative', attempt(lambda: s.setTimeout(-1))])
    srv.append(['infinite', attempt(lambda: s.setTimeout(math.inf))])
    srv.append(['bad callback', attempt(lambda: s.setTimeout(10, 'notfn'))])
    srv.append(['zero', attempt(lambda: s.setTimeout(0)), s.timeout])
    s.destroy()
    srv.append(['after destroy returns socket', s.setTimeout(5) is s])
    s.on('close', lambda *a: done())


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('close', lambda *a: (server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
