# differs: 4
# reusePort sets SO_REUSEPORT before bind (Node >= 22.12), so two servers listen on one port.
import gnet
from _trace import Trace
t = Trace()
a = gnet.create_server()


def on_a_listening():
    port = a.address()['port']
    b = gnet.create_server()

    def on_error(e):
        t.log('second error', e.code)
        a.close()
    b.on('error', on_error)

    def on_b_listening():
        t.log('second listening on the same port', b.address()['port'] == port)
        b.close()
        a.close()
    b.listen({'port': port, 'host': '127.0.0.1', 'reusePort': True}, on_b_listening)


a.listen({'port': 0, 'host': '127.0.0.1', 'reusePort': True}, on_a_listening)
t.log('loop empty', gnet.run(10))
t.dump()
