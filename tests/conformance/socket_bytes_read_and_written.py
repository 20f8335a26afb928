"""bytesRead counts what was read, bytesWritten what write() accepted (queued
or sent); both keep their values after close."""
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
    s.on('data', lambda d: (srv.append(['data', s.bytesRead]), s.write('12345678'),
                            srv.append(['written', s.bytesWritten]), s.end('90')))
    s.on('close', lambda had_error: (srv.append(['close', had_error, s.bytesRead, s.bytesWritten]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.write('abc'))
    cli.append(['initial', c.bytesRead, c.bytesWritten])
    c.on('data', lambda d: None)
    c.on('end', lambda: cli.append(['end', c.bytesRead, c.bytesWritten]))
    c.on('close', lambda had_error: (cli.append(['close', had_error, c.bytesRead, c.bytesWritten]),
                                     server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
