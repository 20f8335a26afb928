# listen(0, 'localhost'): address() is null and listening false until the name is resolved; two listen() calls during the lookup bind once and fire both callbacks.
import gnet
from _trace import Trace
t = Trace()
server = gnet.create_server()


def on_listening():
    a = server.address()
    t.log('listening event', a['address'], a['family'], server.listening)


server.on('listening', on_listening)
server.listen(0, 'localhost', lambda: t.log('cb1'))
t.log('sync', server.listening, server.address())


def cb2():
    t.log('cb2')
    server.close()


server.listen(0, 'localhost', cb2)
t.log('second listen did not throw')
t.log('loop empty', gnet.run(10))
t.dump()
