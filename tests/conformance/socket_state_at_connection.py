"""The accepted socket's state in the connection listener: open, not pending,
not flowing yet, no timeout, counters at zero, no 'connect'/'ready' ever."""
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
    srv.append(['state', s.readyState, s.pending, s.connecting, s.destroyed, s.readableFlowing, s.timeout,
                s.bytesRead, s.bytesWritten, s.writableLength, s.bufferSize, s.writableHighWaterMark,
                s.allowHalfOpen])
    s.on('connect', lambda: srv.append(['connect']))
    s.on('ready', lambda: srv.append(['ready']))
    s.on('close', lambda *a: (srv.append(['close']), done()))
    s.resume()


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.end())
    c.on('close', lambda *a: (server.close(), done()))
    c.resume()


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
