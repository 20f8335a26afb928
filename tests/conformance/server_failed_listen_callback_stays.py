# A failed listen(port, host, cb) leaves cb registered: a retry without close() fires it too, before the new callback.
import gnet
from _trace import Trace
t = Trace()
blocker = gnet.create_server()


def on_blocker_listening():
    port = blocker.address()['port']
    server = gnet.create_server()

    def on_error(e):
        t.log('error', e.code, server.listener_count('listening'))

        def cb2():
            t.log('cb 2', server.address()['port'] == port)
            server.close()
        blocker.close(lambda *a: server.listen(port, '127.0.0.1', cb2))
    server.once('error', on_error)
    server.listen(port, '127.0.0.1', lambda: t.log('cb 1'))


blocker.listen(0, '127.0.0.1', on_blocker_listening)
t.log('loop empty', gnet.run(10))
t.dump()
