"""destroy(err) on the server socket: destroyed at once, then 'error'(err),
close(true); a write after it gets ERR_STREAM_DESTROYED; the client sees end."""
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
    s.on('close', lambda had_error: (srv.append(['close', had_error, s.readyState]), done()))
    srv.append(['destroy returns socket', s.destroy(Exception('boom')) is s, s.destroyed, s.readyState])
    srv.append(['write after destroy', s.write('x', lambda e: srv.append(['write callback', err_info(e)]))])
    s.destroy(Exception('second'))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('end', lambda: cli.append(['end']))
    c.on('error', lambda e: cli.append(['error', err_info(e)]))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
