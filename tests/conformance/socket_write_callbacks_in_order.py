"""write() callbacks run in order, once the data reached the kernel, with null;
the end() callback runs before 'finish' listeners."""
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
    srv.append(['write', s.write('a', lambda e: srv.append(['cb a', e]))])
    srv.append(['write', s.write(b'b', lambda e: srv.append(['cb b', e]))])
    srv.append(['write', s.write('c', 'utf8', lambda e: srv.append(['cb c', e]))])
    s.end('d', lambda *a: srv.append(['end cb']))
    s.on('finish', lambda: srv.append(['finish']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    got = ['']
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('data', lambda d: got.__setitem__(0, got[0] + d.decode()))
    c.on('end', lambda: cli.append(['end', got[0]]))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
