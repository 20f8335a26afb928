"""write() and end() before 'connect' are queued: write returns true and
counts in bytesWritten; the data and the FIN follow the connect."""
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
    s.on('data', lambda d: srv.append(['data', d.decode()]))
    s.on('end', lambda: srv.append(['end']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    cli.append(['write', c.write('early', lambda e: cli.append(['write cb'])), c.bytesWritten, c.readyState])
    c.end(' bird', lambda *a: cli.append(['end cb']))
    cli.append(['after end', c.readyState, c.writableEnded])
    c.on('connect', lambda: cli.append(['connect']))
    c.on('finish', lambda: cli.append(['finish']))
    c.on('close', lambda had_error: (cli.append(['close', had_error, c.bytesWritten]), server.close(), done()))
    c.resume()


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
