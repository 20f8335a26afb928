# getConnections() always answers on a later tick; a socket counts in its 'end' handler but not in its 'close' handler; a non-function throws.
import gnet
from _trace import Trace, attempt
t = Trace()


def on_connection(socket):
    server.get_connections(lambda err, n: t.log('in connection', err, n))
    socket.on('end', lambda: server.get_connections(lambda err, n: t.log('in end', err, n)))

    def on_count(err, n):
        t.log('in close', err, n)
        server.close()
    socket.on('close', lambda *a: server.get_connections(on_count))
    socket.resume()


server = gnet.create_server(on_connection)
answered = [False]


def before(err, n):
    answered[0] = True
    t.log('before listen', err, n)


t.log('returns server', server.get_connections(before) is server)
t.log('sync answer', answered[0])
t.log(attempt(lambda: server.getConnections(None)))
t.log(attempt(lambda: server.getConnections('x')))


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.end())


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
