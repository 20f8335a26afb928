"""Port of Node's test/parallel/test-net-large-string.js.

Checks that 40,960 three-byte characters written as one str arrive whole
at a server using ``set_encoding('utf8')``, however the bytes are split.
"""

import gnet

from nodeport import WAIT, wait_event

SIZE = 40 * 1024
DATA = '\u20ac' * SIZE   # EURO SIGN: three bytes in UTF-8


def test_large_string_arrives_whole(calls):
    received = []

    def on_connection(sock):
        sock.set_encoding('utf8')
        sock.on('data', received.append)
        sock.on('end', calls.must_call(lambda: (server.close(), sock.end())))

    server = gnet.create_server(calls.must_call(on_connection))
    server.listen(0, '127.0.0.1')
    client = gnet.create_connection(server.address()['port'], '127.0.0.1')
    client.on('error', lambda err: (_ for _ in ()).throw(err))
    client.write(DATA)
    client.end()
    client.resume()
    wait_event(client, 'close').get(timeout=WAIT)
    assert server.wait_closed(WAIT)
    text = ''.join(received)
    assert len(text) == SIZE
    assert text == DATA
