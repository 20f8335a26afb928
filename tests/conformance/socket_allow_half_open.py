"""With allowHalfOpen the server socket stays writable after 'end' (writeOnly)
and its late writes reach the client before its own end()."""
from _trace import Trace

import gnet

t = Trace()
srv = []
cli = []
pending = [3]
got = ['']


def done(*args):
    pending[0] -= 1
    if pending[0] == 0:
        t.log('server', srv)
        t.log('client', cli)
        t.dump()


def on_connection(s):
    srv.append(['connection', s.allowHalfOpen])
    s.on('data', lambda d: srv.append(['data', d.decode()]))

    def on_end():
        srv.append(['end', s.readyState, s.writable])
        srv.append(['write', s.write('late ')])
        s.end('bye', lambda *a: srv.append(['end callback']))
        srv.append(['after end()', s.readyState])
    s.on('end', on_end)
    s.on('finish', lambda: srv.append(['finish']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server({'allowHalfOpen': True}, on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.end('hi'))
    c.on('data', lambda d: got.__setitem__(0, got[0] + d.decode()))
    c.on('end', lambda: cli.append(['end', got[0]]))
    c.on('finish', lambda: cli.append(['finish']))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
