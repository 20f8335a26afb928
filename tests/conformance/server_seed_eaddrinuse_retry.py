# The seed's second example: on EADDRINUSE, retry later with close() + listen(PORT, HOST).
import gevent
import gnet
from _trace import Trace
t = Trace()
HOST = '127.0.0.1'
blocker = gnet.create_server()


def on_blocker_listening():
    PORT = blocker.address()['port']
    server = gnet.Server()
    tries = [0]

    def on_error(e):
        t.log('error', e.code, e.syscall, e.address, e.port == PORT, server.listening)
        if e.code == 'EADDRINUSE':
            t.log('Address in use, retrying...')
            tries[0] += 1
            if tries[0] == 2:
                blocker.close()

            def retry():
                server.close()
                server.listen(PORT, HOST)
            gevent.spawn_later(0.01, retry)
    server.on('error', on_error)
    server.on('close', lambda: t.log('server close'))

    def on_listening():
        t.log('listening', server.address()['port'] == PORT, tries[0])
        server.close()
    server.on('listening', on_listening)
    server.listen(PORT, HOST)


blocker.listen(0, HOST, on_blocker_listening)
t.log('loop empty', gnet.run(10))
t.dump()
