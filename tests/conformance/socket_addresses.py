"""remote*/local* fields and address() while open; after close the remote fields
survive only if read before, the local ones never (ports normalised)."""
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
    srv.append(['open', s.remoteAddress, s.remoteFamily, 'number' if isinstance(s.remotePort, int) else None,
                s.localAddress, s.localFamily, s.localPort == server.address()['port'],
                s.address()['address'], s.address()['family']])

    def on_close(*args):
        srv.append(['closed', s.remoteAddress, s.remoteFamily, 'number' if isinstance(s.remotePort, int) else None,
                    s.localAddress, s.localPort, s.address()])
        done()
    s.on('close', on_close)
    s.resume()


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.end())

    def on_close(*args):
        cli.append(['closed, never read', c.remoteAddress, c.remotePort, c.localAddress])
        server.close()
        done()
    c.on('close', on_close)
    c.resume()


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
