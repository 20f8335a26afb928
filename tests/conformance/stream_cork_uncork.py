"""cork() holds writes (callbacks too) until as many uncork() calls;
writableCorked counts them, writableLength counts the held bytes; end()
uncorks completely; setDefaultEncoding applies to str writes naming none."""
from _trace import Trace, attempt

import gevent

import gnet

t = Trace()


def on_connection(s):
    s.cork()
    s.write('a', lambda: t.log('cb a'))
    s.write('b', lambda: t.log('cb b'))
    s.cork()
    t.log('corked', s.writableCorked, s.writableLength)
    s.uncork()
    t.log('uncork once', s.writableCorked, s.writableLength)

    def later():
        t.log('still held', s.writableLength)
        s.uncork()
        t.log('uncorked', s.writableCorked)
        s.once('drain', lambda: t.log('drain'))
        t.log('setDefaultEncoding', s.setDefaultEncoding('hex') is s)
        t.log('bad encoding', attempt(s.setDefaultEncoding, 'nope'))
        s.cork()
        s.write('2d63', lambda: t.log('cb c'))
        t.log('end', s.end(lambda: t.log('end cb', s.writableCorked)) is s, s.writableCorked)
    gevent.spawn(later)  # (a later loop turn, as setImmediate)
    s.on('finish', lambda: t.log('finish'))
    s.on('close', lambda: server.close())


server = gnet.create_server(on_connection)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    chunks = []
    c.on('data', lambda d: chunks.append(d.decode()))
    c.on('end', lambda: t.log('client got', ''.join(chunks)))
    c.on('close', lambda: t.dump())


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
