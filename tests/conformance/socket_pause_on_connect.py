"""pauseOnConnect: readableFlowing false, a 'data' listener does not start the
flow and nothing is read (bytesRead 0) until resume()."""
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


sock = None
c = None


def on_connection(s):
    global sock
    sock = s
    c.end('xyz')
    s.on('data', lambda d: srv.append(['data', d.decode(), s.bytesRead]))
    srv.append(['connection', s.readableFlowing, s.isPaused()])
    s.on('end', lambda: srv.append(['end']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server({'pauseOnConnect': True}, on_connection)
server.on('close', done)


def on_listening():
    global c
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('finish', lambda: (srv.append(['before resume', sock.bytesRead]), sock.resume()))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))
    c.resume()


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
