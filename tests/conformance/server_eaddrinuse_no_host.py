# EADDRINUSE without a host names '::' (no IPv4 fallback); then close(cb) gives ERR_SERVER_NOT_RUNNING and 'close' is emitted.
import gnet
from _trace import Trace, err_info
t = Trace()
blocker = gnet.create_server()


def on_blocker_listening():
    port = blocker.address()['port']
    server = gnet.create_server()
    server.on('close', lambda: t.log('close event'))

    def on_error(e):
        t.log('error', e.code, e.address, e.port == port, str(e).replace(str(port), 'PORT'))
        server.close(lambda err: t.log('close cb', err_info(err)))
        blocker.close()
    server.on('error', on_error)
    server.listen(port)
    t.log('sync', server.listening)


blocker.listen(0, on_blocker_listening)
t.log('loop empty', gnet.run(10))
t.dump()
