# close() followed at once by listen(0): the first close's 'close' still arrives, while listening is already true, before the new 'listening'.
import gnet
from _trace import Trace
t = Trace()
server = gnet.create_server()
server.on('close', lambda: t.log('close event', server.listening))
server.on('listening', lambda: t.log('listening event', server.listening))


def first():
    server.close(lambda *args: t.log('close cb', len(args)))
    server.listen(0)
    server.once('listening', lambda: server.close())


server.listen(0, first)
t.log('loop empty', gnet.run(10))
t.dump()
