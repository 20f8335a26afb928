"""write() with a bad chunk throws at once: null is ERR_STREAM_NULL_VALUES,
a number or an object ERR_INVALID_ARG_TYPE (TypeErrors); the socket goes on."""
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
    srv.append(['null', attempt(lambda: s.write(None))])
    srv.append(['number', attempt(lambda: s.write(42))])
    srv.append(['object', attempt(lambda: s.write({}))])
    srv.append(['still open', s.destroyed, s.write('fine')])
    s.end()
    s.on('close', lambda *a: (srv.append(['close']), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    got = ['']
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('data', lambda d: got.__setitem__(0, got[0] + d.decode()))
    c.on('close', lambda *a: (cli.append(['got', got[0]]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
