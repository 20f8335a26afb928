# Aborting the signal later works like close(): listening false at once, 'close' once the open connection ends; the abort listener is removed on 'close'.
import gnet
from _trace import Trace
t = Trace()
ac = gnet.AbortController()


def on_connection(socket):
    ac.abort()
    reason = ac.signal.reason
    t.log('aborted', server.listening, None, reason.name, reason.code, str(reason))
    socket.on('close', lambda *a: t.log('socket close'))
    socket.end()


server = gnet.create_server(on_connection)


def on_close():
    t.log('close event')
    ac.abort()


server.on('close', on_close)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')

    def on_end():
        t.log('client end')
        c.end()
    c.on('end', on_end)


server.listen({'port': 0, 'host': '127.0.0.1', 'signal': ac.signal}, on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
