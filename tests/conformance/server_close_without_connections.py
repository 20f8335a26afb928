# close() on a listening server with no connections: listening false and address() null at once, 'close' then callback() with no error.
import gnet
from _trace import Trace
t = Trace()
server = gnet.create_server()
server.on('close', lambda: t.log('close event'))


def on_listening():
    port = server.address()['port']
    server.close(lambda *args: t.log('close cb', len(args), args[0] if args else None))
    t.log('after close()', server.listening, server.address())
    c = gnet.connect(port, '127.0.0.1')
    c.on('error', lambda e: t.log('client error', e.code, e.syscall))
    c.on('close', lambda had_error: t.log('client close', had_error))


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
