"""Client writes then end(): the server socket (no allowHalfOpen) emits data,
end (readyState writeOnly), finish, close(false) and ends its side itself."""
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
    srv.append(['connection', s.readyState, s.allowHalfOpen])
    s.on('data', lambda d: srv.append(['data', d.decode(), s.readyState]))
    s.on('end', lambda: srv.append(['end', s.readyState, s.writable, s.readable, s.readableEnded]))
    s.on('finish', lambda: srv.append(['finish', s.readyState, s.writableEnded, s.writableFinished]))
    s.on('close', lambda had_error: (srv.append(['close', had_error, s.readyState, s.destroyed]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: (c.write('hello'), c.end()))
    c.on('end', lambda: cli.append(['end', c.readyState]))
    c.on('finish', lambda: cli.append(['finish', c.readyState]))
    c.on('close', lambda had_error: (cli.append(['close', had_error, c.readyState]), server.close(), done()))
    c.resume()


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
