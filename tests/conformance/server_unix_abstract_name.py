# A Linux abstract name ("\0name"): no file is created, address() is the name with its NUL, clients connect by it.
import os
import gnet
from _trace import Trace
t = Trace()
name = '\0gnet-abstract-%d' % os.getpid()
server = gnet.create_server(lambda socket: socket.end('abstract'))


def on_listening():
    t.log('listening', server.address() == name, ord(server.address()[0]))
    c = gnet.connect(name)
    c.on('data', lambda d: t.log('client data', d.decode()))
    c.on('close', lambda *a: server.close(lambda *e: t.log('closed')))


server.listen(name, on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
