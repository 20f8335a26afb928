"""'pause' is emitted inside pause() when the socket was not paused already;
'resume' on the next tick after resume(), before buffered data flows; a
'data' listener resumes; a paused socket still buffers up to its
highWaterMark, which readableLength counts."""
from _trace import Trace

import gevent

import gnet

t = Trace()
client = []


def on_connection(s):
    c = client[0]
    s.on('pause', lambda: t.log('pause event', s.readable_flowing))
    s.on('resume', lambda: t.log('resume event', s.readable_flowing, s.readable_length))
    t.log('pause()', s.pause() is s)
    t.log('after pause', s.is_paused())
    s.pause()
    t.log('second pause: no event')
    t.log('hwm', s.readableHighWaterMark, s.writableHighWaterMark)
    c.write('abc')

    def poll():  # (a greenlet of its own: a loop turn per check, as setImmediate)
        for _ in range(100000):
            if s.readable_length >= 3:
                break
            gevent.sleep(0)
        t.log('paused, buffered', s.readable_length, s.readable_flowing)

        def on_data(d):
            t.log('data', d.decode(), s.readable_length)
            c.end()
        s.on('data', on_data)
        t.log('data listener while paused', s.readable_flowing)
        s.resume()
        t.log('after resume()', s.readable_flowing)
    gevent.spawn(poll)
    s.on('end', lambda: t.log('end'))
    s.on('close', lambda: (server.close(), t.dump()))


server = gnet.create_server(on_connection)
server.listen(0, '127.0.0.1',
              lambda: client.append(gnet.connect(server.address()['port'], '127.0.0.1')))
gnet.run()
