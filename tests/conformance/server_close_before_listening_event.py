# close() right after a synchronous listen(0): no 'listening', the listen callback never runs, close callback() without error, 'close' emitted.
import gnet
from _trace import Trace
t = Trace()
server = gnet.create_server()
server.on('listening', lambda: t.log('listening event'))
server.on('close', lambda: t.log('close event'))
server.listen(0, lambda: t.log('listen cb'))
t.log('listening after listen()', server.listening, server.address() is not None)
server.close(lambda *args: t.log('close cb', len(args)))
t.log('listening after close()', server.listening, server.address())
t.log('loop empty', gnet.run(10))
t.dump()
