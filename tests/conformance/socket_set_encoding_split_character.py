"""setEncoding('utf8'): a multi-byte character split across two reads comes
out whole in the next 'data' string."""
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


c = None


def on_connection(s):
    s.setEncoding('utf8')

    def on_data(d):
        srv.append(['data', 'string' if isinstance(d, str) else 'bytes', d])
        if d == 'a':
            c.write(bytes([0xac, 0x62]))
    s.on('data', on_data)
    s.on('end', lambda: srv.append(['end']))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    global c
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.write(bytes([0x61, 0xe2, 0x82])))
    c.on('data', lambda d: None)
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))
    c.setTimeout(0)
    server.on('connection', lambda s: s.on('data', lambda d: c.end() if d != 'a' else None))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
