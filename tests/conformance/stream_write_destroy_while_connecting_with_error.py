"""destroy(err) while connecting, with two writes and end(cb) waiting: the first
write gets ERR_SOCKET_CLOSED_BEFORE_CONNECTION just before 'close', the
second and end's callback the destroy error (or that one); errored too."""
from _trace import Trace, err_info

import gnet

t = Trace()


def ei(e):
    return err_info(e) if e is not None else None


server = gnet.create_server(lambda s: None)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.on('close', lambda had_error: t.log('close, added before the writes', had_error))
    c.write('a', lambda e: t.log('cb a', ei(e)))
    c.write('b', lambda e: t.log('cb b', ei(e)))
    c.end('z', lambda e: t.log('end cb', ei(e)))
    c.on('error', lambda e: t.log('error', ei(e)))

    def on_close(had_error):
        t.log('close', had_error, ei(c.errored))
        server.close()
        t.dump()
    c.on('close', on_close)
    t.log('connecting', c.connecting)
    c.destroy(Exception('x'))


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
