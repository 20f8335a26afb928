"""unshift() puts bytes back in front: the next read() returns them first;
after 'end' it destroys the socket with ERR_STREAM_UNSHIFT_AFTER_END_EVENT."""
from _trace import Trace, err_info

import gnet

t = Trace()
client = []


def on_connection(s):
    step = [0]

    def on_readable():
        t.log('readable', s.readable_length)
        if step[0] == 0 and s.readable_length >= 11:
            step[0] = 1
            head = s.read(6)
            t.log('read(6)', head.decode())
            t.log('unshift', s.unshift(b'HELLO '), s.readable_length)
            t.log('read()', s.read().decode(), s.readable_length)
            client[0].end()
        elif step[0] == 1:
            t.log('read() at end', s.read())
    s.on('readable', on_readable)

    def on_end():
        t.log('end')
        t.log('unshift after end', s.unshift('x'))
    s.on('end', on_end)
    s.on('error', lambda e: t.log('error', err_info(e)))
    s.on('close', lambda had_error: (t.log('close', had_error), server.close(), t.dump()))


server = gnet.create_server(on_connection)


def on_listening():
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: c.write('hello world'))
    client.append(c)


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
