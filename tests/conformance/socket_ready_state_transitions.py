"""readyState goes opening -> open -> readOnly (after end()) -> closed on the
client; the server side goes open -> writeOnly (after 'end') -> closed."""
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
    srv.append(['connection', s.readyState])
    s.on('end', lambda: srv.append(['end', s.readyState]))
    s.on('close', lambda *a: (srv.append(['close', s.readyState]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    fresh = gnet.Socket()
    cli.append(['new Socket', fresh.readyState, fresh.pending, fresh.destroyed])
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    cli.append(['connecting', c.readyState])
    c.on('connect', lambda: (cli.append(['connect', c.readyState]), c.end(),
                             cli.append(['after end()', c.readyState])))
    c.on('end', lambda: cli.append(['end', c.readyState]))
    c.on('close', lambda *a: (cli.append(['close', c.readyState, c.pending]), server.close(), done()))
    c.resume()


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
