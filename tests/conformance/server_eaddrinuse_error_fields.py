# EADDRINUSE on 127.0.0.1: emitted (not thrown) on a later tick with code, syscall 'listen', address, port and Node's message; no 'close', no 'listening'.
import gnet
from _trace import Trace
t = Trace()
blocker = gnet.create_server()


def on_blocker_listening():
    port = blocker.address()['port']
    server = gnet.create_server()
    sync = [True]
    server.on('listening', lambda: t.log('listening event'))
    server.on('close', lambda: t.log('close event'))

    def on_error(e):
        t.log('error', sync[0], isinstance(e, Exception), e.code, e.syscall, e.address, e.port == port,
              str(e).replace(str(port), 'PORT'), server.listening, server.address())
        blocker.close()
    server.on('error', on_error)
    t.log('listen returns server', server.listen(port, '127.0.0.1', lambda: t.log('listen cb')) is server)
    sync[0] = False


blocker.listen(0, '127.0.0.1', on_blocker_listening)
t.log('loop empty', gnet.run(10))
t.dump()
