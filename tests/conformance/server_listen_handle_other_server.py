# listen(otherServer) adopts its listening socket synchronously: same address, and connections go to the adopting server.
import gnet
from _trace import Trace
t = Trace()
original = gnet.create_server(lambda s: t.log('original got a connection'))


def on_original_listening():
    def on_connection(socket):
        t.log('adopter got a connection')
        socket.end()
    adopter = gnet.create_server(on_connection)
    adopter.listen(original)
    a = adopter.address()
    t.log('sync', adopter.listening, a['address'], a['port'] == original.address()['port'])

    def on_listening():
        c = gnet.connect(a['port'], '127.0.0.1')
        c.on('end', lambda: c.end())

        def adopter_closed(*e):
            t.log('adopter closed')
            original.close()
        c.on('close', lambda *x: adopter.close(adopter_closed))
    adopter.on('listening', on_listening)


original.listen(0, '127.0.0.1', on_original_listening)
t.log('loop empty', gnet.run(10))
t.dump()
