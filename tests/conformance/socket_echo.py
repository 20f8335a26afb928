"""An echo server returns every byte; both ends see Node's event order."""
from _trace import Trace

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
    s.on('data', lambda d: (srv.append(['data', d.decode()]), s.write(d)))
    s.on('end', lambda: srv.append(['end']))
    s.on('finish', lambda: srv.append(['finish']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('connect', lambda: (cli.append(['connect']), c.write('hello')))
    c.on('data', lambda d: (cli.append(['data', d.decode()]), c.end()))
    c.on('end', lambda: cli.append(['end']))
    c.on('finish', lambda: cli.append(['finish']))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
