"""destroy() without an error: close(false), no 'error', a second destroy(err)
is ignored; the client sees end then close(false)."""
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
    s.on('error', lambda e: srv.append(['error', err_info(e)]))
    s.on('end', lambda: srv.append(['end']))
    s.on('finish', lambda: srv.append(['finish']))
    s.on('close', lambda had_error: (srv.append(['close', had_error, s.destroyed]), done()))
    s.destroy()
    s.destroy(Exception('ignored'))
    srv.append(['destroyed', s.destroyed, s.readyState, s.writable, s.readable])


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('end', lambda: cli.append(['end']))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
