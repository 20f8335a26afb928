"""Nobody reads and the client sends only a FIN: the server socket still
emits end, finish, close(false) (Node reads ahead)."""
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
    s.on('end', lambda: srv.append(['end']))
    s.on('finish', lambda: srv.append(['finish']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.end())
    c.on('end', lambda: cli.append(['end']))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
