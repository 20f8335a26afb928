# listen({signal}) with an already-aborted signal: no 'listening', the listen callback never runs, 'close' is emitted.
import gnet
from _trace import Trace
t = Trace()
ac = gnet.AbortController()
ac.abort()
server = gnet.create_server()
server.on('listening', lambda: t.log('listening event'))
server.on('close', lambda: t.log('close event', server.listening, server.address()))
server.listen({'port': 0, 'signal': ac.signal}, lambda: t.log('listen cb'))
t.log('sync', server.listening)
t.log('loop empty', gnet.run(10))
t.dump()
