"""Port of Node's test/parallel/test-net-large-string.js.

Checks that 40,960 three-byte characters written as one str (encoding
'UTF-8') arrive whole at a server using ``set_encoding('UTF-8')``, however
the bytes are split.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

SIZE = 40 * 1024
DATA = '\u3042' * SIZE   # HIRAGANA A: three bytes in UTF-8
ENCODING = 'UTF-8'


def test_large_string_arrives_whole(calls):
    received = []
    done = Event()

    def on_connection(sock):
        sock.set_encoding(ENCODING)
        sock.on('data', received.append)
        sock.on('end', calls.must_call(lambda: sock.end()))

    server = gnet.create_server(calls.must_call(on_connection))

    def on_listening():
        client = gnet.create_connection(server.address()['port'])
        client.on('end', calls.must_call(lambda: (server.close(), done.set())))
        client.resume()
        client.write(DATA, ENCODING)
        client.end()

    server.listen(0, calls.must_call(on_listening))
    assert done.wait(WAIT)
    assert server.wait_closed(WAIT)
    assert all(isinstance(chunk, str) for chunk in received)
    assert sum(len(chunk) for chunk in received) == SIZE
    assert ''.join(received) == DATA
