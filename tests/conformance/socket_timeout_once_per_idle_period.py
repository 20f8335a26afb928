"""setTimeout(ms): 'timeout' once per idle period (callback first, socket left
open); activity starts a new period; setTimeout(0) turns it off."""
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


c = None
n = [0]


def on_connection(s):
    srv.append(['setTimeout returns socket', s.setTimeout(30, lambda: srv.append(['callback'])) is s, s.timeout])

    def on_timeout():
        n[0] += 1
        srv.append(['timeout', n[0], s.destroyed])
        if n[0] == 1:
            c.write('ping')
        else:
            s.setTimeout(0)
            srv.append(['off', s.timeout])
            s.end()
    s.on('timeout', on_timeout)
    s.on('data', lambda d: srv.append(['data', d.decode()]))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    global c
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('end', lambda: (cli.append(['end']), c.end()))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
