"""With a 'readable' listener, read() returns what is buffered (str after
setEncoding), read(n) waits for n bytes (null), read() finding nothing
returns null, and after EOF a 'readable' whose read() is null is
followed by 'end'; read() emits 'data' with what it returns."""
from _trace import Trace

import gnet

t = Trace()
client = []


def on_connection(s):
    s.set_encoding('utf8')
    t.log('mode', s.readable_flowing)

    def on_readable():
        t.log('readable', s.readable_length)
        if s.readable_length >= 5:
            t.log('read(2)', s.read(2))
            t.log('read(10)', s.read(10))
            t.log('read()', s.read())
            t.log('read() again', s.read())
            s.write('ok')
            return
        while True:
            chunk = s.read()
            if chunk is None:
                break
            t.log('read', chunk)
        t.log('null', s.readable_ended)
    s.on('readable', on_readable)
    t.log('mode after readable', s.readable_flowing, s.is_paused())
    s.on('data', lambda d: t.log('data', d))
    t.log('mode after data', s.readable_flowing)
    s.on('end', lambda: t.log('end', s.readable_ended))
    s.on('close', lambda: (server.close(), t.dump()))


server = gnet.create_server(on_connection)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.write('héllo'))
    c.on('data', lambda d: c.end())


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
