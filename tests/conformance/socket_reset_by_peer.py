"""A peer reset gives the server socket 'error' ECONNRESET (syscall read), no
'end', then close(true); the client that reset sees only close(false)."""
from _trace import Trace, err_info

import gnet

t = Trace()
srv = []
cli = []
pending = [3]
c = None


def done(*args):
    pending[0] -= 1
    if pending[0] == 0:
        t.log('server', srv)
        t.log('client', cli)
        t.dump()


def on_connection(s):
    s.on('data', lambda d: (srv.append(['data', d.decode()]), c.resetAndDestroy()))
    s.on('end', lambda: srv.append(['end']))
    s.on('error', lambda e: srv.append(['error', err_info(e), e.syscall, e.code]))
    s.on('close', lambda had_error: (srv.append(['close', had_error, s.destroyed, s.readyState]),
                                     server.close(), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    global c
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.write('x'))
    c.on('error', lambda e: cli.append(['error', err_info(e)]))
    c.on('close', lambda had_error: (cli.append(['close', had_error, c.destroyed]), done()))


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
