# The seed's first example: a goodbye server on an OS-assigned port; the client gets "goodbye\n".
import gnet
from _trace import Trace
t = Trace()


def on_error(err):
    raise err


server = gnet.create_server(lambda socket: socket.end('goodbye\n')).on('error', on_error)


def opened():
    a = server.address()
    t.log('opened server on', a['address'], a['family'], isinstance(a['port'], int) and a['port'] > 0)
    client = gnet.connect(a['port'], '127.0.0.1')
    chunks = []
    client.on('data', lambda d: chunks.append(d.decode()))
    client.on('end', lambda: t.log('client end', ''.join(chunks)))

    def on_close(had_error):
        t.log('client close', had_error)
        server.close(lambda *err: t.log('server closed', server.address()))
    client.on('close', on_close)


server.listen(opened)
t.log('loop empty', gnet.run(10))
t.dump()
