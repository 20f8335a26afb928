# ipv6Only with host '::': IPv4 clients are refused and another server can bind 0.0.0.0 on the same port.
import gnet
from _trace import Trace
t = Trace()
server = gnet.create_server(lambda s: s.end())


def on_listening():
    port = server.address()['port']
    t.log('listening', server.address()['address'], server.address()['family'])
    c = gnet.connect(port, '127.0.0.1')

    def on_error(e):
        t.log('IPv4 client', e.code)
        v4 = gnet.create_server()
        v4.on('error', lambda err: t.log('v4 error', err.code))

        def v4_listening():
            t.log('0.0.0.0 on the same port', v4.address()['port'] == port)
            v4.close()
            server.close()
        v4.listen(port, '0.0.0.0', v4_listening)
    c.on('error', on_error)


server.listen({'port': 0, 'host': '::', 'ipv6Only': True}, on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
