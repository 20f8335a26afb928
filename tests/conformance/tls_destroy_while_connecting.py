"""destroy() of a TLS client before its TCP connect: the writes and end() made
while connecting get ERR_SOCKET_CLOSED_BEFORE_CONNECTION, as a plain
socket's do, without 'error': from a 'close' listener the first write
added, so a 'close' listener added before it runs first."""
from _trace import Trace

import gnet
from gnet import tls

t = Trace()


def on_listening():
    s = tls.connect({'port': server.address()['port'], 'host': '127.0.0.1',
                     'rejectUnauthorized': False})
    s.on('error', lambda e: t.log('error', e.code))
    s.on('close', lambda had_error: t.log('close, added before the writes', had_error))
    s.write(b'x', lambda e: t.log('write 1', e and e.code))
    s.write(b'y', lambda e: t.log('write 2', e and e.code))
    s.end(lambda e: t.log('end', e and e.code))
    t.log('before destroy', s.connecting, s.writableLength)
    s.destroy()
    t.log('after destroy', s.connecting, s.destroyed)

    def on_close(had_error):
        t.log('close', had_error)
        server.close()
        t.dump()
    s.on('close', on_close)


server = gnet.create_server(lambda sock: None).listen(0, '127.0.0.1', on_listening)
gnet.run(10)
