"""write() after end(): returns false, the callback gets ERR_STREAM_WRITE_AFTER_END,
'error' is emitted with it, then close(true)."""
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
    s.on('finish', lambda: srv.append(['finish']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))
    s.end()
    srv.append(['write after end', s.write('x', lambda e: srv.append(['write callback', err_info(e)]))])
    srv.append(['second end returns socket', s.end() is s])


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('end', lambda: cli.append(['end']))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))
    c.resume()


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
