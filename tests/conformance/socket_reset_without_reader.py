"""Nobody reads the server socket, yet a reset still gives 'error'
ECONNRESET (syscall read) then close(true): Node reads ahead."""
from _trace import Trace, err_info

import gnet

t = Trace()
srv = []
pending = [3]
c = None


def done(*args):
    pending[0] -= 1
    if pending[0] == 0:
        t.log('server', srv)
        t.dump()


def on_connection(s):
    srv.append(['connection', s.readableFlowing])
    c.resetAndDestroy()
    s.on('error', lambda e: srv.append(['error', err_info(e), e.syscall]))
    s.on('close', lambda had_error: (srv.append(['close', had_error, s.readableLength]),
                                     server.close(), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    global c
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('close', lambda *a: done())


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
