# close() then listen() again while a connection is open: when it ends nothing fires; the first close callback waits for the next 'close'.
import gevent
import gnet
from _trace import Trace
t = Trace()


def on_connection(socket):
    def on_close(*a):
        t.log('socket close', server.listening)

        def again():
            t.log('closing again')
            server.close(lambda *args: t.log('close cb 2', len(args)))
        gevent.spawn_later(0.005, again)
    socket.on('close', on_close)
    server.close(lambda *args: t.log('close cb 1', len(args)))

    def relistened():
        t.log('listening again')
        socket.end()
    server.listen(0, '127.0.0.1', relistened)


server = gnet.create_server(on_connection)
server.on('close', lambda: t.log('server close event'))


def on_listening():
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    client.on('end', lambda: client.end())


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
