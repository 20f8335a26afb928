# The server-side socket is destroyed after close(): server 'close' and the callback still precede the socket's own 'close'.
import gnet
from _trace import Trace
t = Trace()


def on_connection(socket):
    socket.on('close', lambda had_error: t.log('socket close', had_error))
    server.close(lambda *args: t.log('close cb', len(args)))
    socket.destroy()
    t.log('destroyed', socket.destroyed)


server = gnet.create_server(on_connection)
server.on('close', lambda: t.log('server close event'))


def on_listening():
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    client.on('end', lambda: t.log('client end'))
    client.on('close', lambda had_error: t.log('client close', had_error))


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
