# close() on a server that never listened: 'close' is still emitted (once per close()), and the callback gets ERR_SERVER_NOT_RUNNING after it.
import gnet
from _trace import Trace, err_info
t = Trace()
server = gnet.create_server()
server.on('close', lambda: t.log('close event', server.listening))
t.log('returns server', server.close(lambda err: t.log('cb1', err_info(err))) is server)
server.close(lambda err: t.log('cb2', err_info(err)))
server.close('not a function')
t.log('sync end')
t.log('loop empty', gnet.run(10))
t.dump()
