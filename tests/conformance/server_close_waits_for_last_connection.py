# close() with an open connection: refuses new clients, keeps the old one; on its end the server 'close' and callback come before the socket's 'close'.
import gnet
from _trace import Trace
t = Trace()
port = None


def on_connection(socket):
    t.log('connection')
    socket.on('end', lambda: t.log('socket end'))
    socket.on('close', lambda had_error: t.log('socket close', had_error))
    server.close(lambda *args: t.log('close cb', len(args)))
    t.log('close() returned', server.listening, server.address())

    def on_count(err, n):
        t.log('getConnections', err, n)
        late = gnet.connect(port, '127.0.0.1')

        def on_late_error(e):
            t.log('new client', e.code)
            socket.write('still open\n')
        late.on('error', on_late_error)
    server.get_connections(on_count)


server = gnet.create_server(on_connection)
server.on('close', lambda: t.log('server close event'))


def on_listening():
    global port
    port = server.address()['port']
    client = gnet.connect(port, '127.0.0.1')

    def on_data(d):
        t.log('client data', d.decode())
        client.end()
    client.on('data', on_data)
    client.on('close', lambda *a: t.log('client close'))


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
