# differs: 5
# max_connections = 0 drops every connection (Node >= 21; Node 20 treats 0 as no limit).
import gnet
from _trace import Trace
t = Trace()


def on_connection(s):
    t.log('connection')
    s.end()


server = gnet.create_server(on_connection)
server.max_connections = 0
server.on('drop', lambda data: t.log('drop', data['localAddress'], data['remoteFamily']))


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('end', lambda: t.log('client end'))

    def on_close(had_error):
        t.log('client close', had_error)
        server.close()
    c.on('close', on_close)


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
