"""A host name is looked up first: 'lookup'(null, address, family, host), then
'connect', then 'ready'."""
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
    c = gnet.connect({'port': server.address()['port'], 'host': 'localhost', 'family': 4})
    c.on('lookup', lambda err, address, family, host: cli.append(['lookup', err, address, family, host]))
    c.on('connect', lambda: cli.append(['connect', c.remoteAddress]))
    c.on('ready', lambda: (cli.append(['ready']), c.end()))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
