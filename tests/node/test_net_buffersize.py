"""Port of Node's test/parallel/test-net-buffersize.js.

Checks that a client's ``bufferSize`` grows by one with each 1-byte write
made before it has connected, and is 0 at 'finish'.
"""

import gnet

from nodeport import WAIT, wait_event


def test_buffer_size_counts_queued_writes(calls):
    def on_connection(sock):
        sock.resume()
        sock.on('end', lambda: server.close())

    server = gnet.create_server(calls.must_call(on_connection))
    server.listen(0, '127.0.0.1')
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    at_finish = []
    client.on('finish', calls.must_call(lambda: at_finish.append(client.bufferSize)))
    for i in range(1, 10):
        client.write('a')
        assert client.bufferSize == i
        assert client.writable_length == i
    closed = wait_event(client, 'close')
    client.end()
    closed.get(timeout=WAIT)
    assert at_finish == [0]
    assert server.wait_closed(WAIT)
