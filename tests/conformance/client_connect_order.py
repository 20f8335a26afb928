"""net.connect(port, ip, cb): pending/connecting until connected, no 'lookup' for
an IP, the callback before 'connect' listeners, then 'ready'."""
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


def on_connection(s):
    s.on('data', lambda d: srv.append(['data', d.decode()]))
    s.on('end', lambda: srv.append(['end']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1',
                     lambda: cli.append(['callback', c.pending, c.connecting, c.readyState]))
    cli.append(['connecting', c.pending, c.connecting, c.readyState, c.remoteAddress])
    c.on('lookup', lambda *a: cli.append(['lookup']))
    c.on('connect', lambda: cli.append(['connect', c.remoteAddress, c.remoteFamily,
                                        'number' if isinstance(c.remotePort, int) else None, c.localAddress]))
    c.on('ready', lambda: (cli.append(['ready']), c.end()))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
