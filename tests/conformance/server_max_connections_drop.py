# maxConnections = 1: the second client is accepted and closed at once; 'drop' carries Node's six fields; the dropped client sees end, close(false); the slot frees on destroy.
import gnet
from _trace import Trace
t = Trace()
port = first = None
n = [0]


def on_connection(socket):
    n[0] += 1
    t.log('connection', n[0])
    if n[0] == 2:
        server.close()
        socket.destroy()
        return

    def on_close(*a):
        third = gnet.connect(port, '127.0.0.1')
        third.on('close', lambda had_error: t.log('third close', had_error))
    socket.on('close', on_close)
    second = gnet.connect(port, '127.0.0.1')
    second.on('end', lambda: t.log('second end'))

    def on_second_close(had_error):
        t.log('second close', had_error)
        socket.destroy()
        first.destroy()
    second.on('close', on_second_close)


server = gnet.create_server(on_connection)
server.max_connections = 1


def on_drop(data):
    t.log('drop', list(data), data['localAddress'], data['localPort'] == port, data['localFamily'],
          data['remoteAddress'], 'number' if isinstance(data['remotePort'], int) else '?', data['remoteFamily'])
    server.get_connections(lambda err, count: t.log('count at drop', count))


server.on('drop', on_drop)
server.on('close', lambda: t.log('server close'))


def on_listening():
    global port, first
    port = server.address()['port']
    first = gnet.connect(port, '127.0.0.1')


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
