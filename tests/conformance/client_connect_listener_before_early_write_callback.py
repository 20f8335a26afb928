"""connect(port, host, cb) then write('abc', cb2) before 'connect': the
connect listener runs first, then cb2 with pending false; a 'connect'
listener added after the write runs after cb2 (the write goes out from
a 'connect' listener of its own), then 'ready'."""
from _trace import Trace

import gnet

t = Trace()


def on_connection(s):
    s.on('data', lambda d: t.log('server data', d.decode()))
    s.on('end', lambda: s.end())


server = gnet.create_server(on_connection)


def listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1',
                     lambda: t.log('connect cb', c.pending, c.connecting))
    t.log('write', c.write('abc', lambda err: t.log('write cb', err, c.pending, c.connecting)), c.pending)
    t.log('write 2', c.write('def', lambda err: t.log('write 2 cb', err)))
    c.on('connect', lambda: t.log('connect listener after the write'))

    def ready():
        t.log('ready')
        c.end()
    c.on('ready', ready)

    def on_close(had_error):
        t.log('close', had_error)
        server.close(lambda *a: t.dump())
    c.on('close', on_close)
    c.resume()


server.listen(0, '127.0.0.1', listening)
gnet.run()
