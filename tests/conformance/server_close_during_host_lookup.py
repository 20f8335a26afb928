# close() while 'localhost' is being resolved: the lookup is dropped, no 'listening', callback gets ERR_SERVER_NOT_RUNNING after 'close'.
import gnet
from _trace import Trace, err_info
t = Trace()
server = gnet.create_server()
server.on('listening', lambda: t.log('listening event'))
server.on('close', lambda: t.log('close event', server.listening))
server.listen(0, 'localhost', lambda: t.log('listen cb'))
t.log('during lookup', server.listening, server.address())
server.close(lambda err: t.log('close cb', err_info(err)))
t.log('loop empty', gnet.run(10))
t.dump()
