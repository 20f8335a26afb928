"""Port of Node's test/parallel/test-net-bytes-read.js.

Checks that a client's ``bytes_read`` rises with every 'data', equals the
1 MiB sent at 'end', and keeps that value at 'close', after its socket is
gone.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

SIZE = 1024 * 1024


def test_bytes_read_counts_every_chunk(calls):
    def on_connection(sock):
        sock.end(bytes(SIZE))
        server.close()

    server = gnet.create_server(calls.must_call(on_connection))
    state = {'prev': 0}
    closed = Event()

    def check_raise(value):
        assert value > state['prev']
        state['prev'] = value

    def on_listening():
        def on_connect():
            def on_end():
                assert client.bytes_read == state['prev'] == SIZE

            def on_close(had_error):
                assert client.bytes_read == state['prev'] == SIZE
                assert client.bytesRead == SIZE
                closed.set()

            client.on('data', calls.must_call_at_least(
                lambda chunk: check_raise(client.bytes_read)))
            client.on('end', calls.must_call(on_end))
            client.on('close', calls.must_call(on_close))

        client = gnet.connect(server.address()['port'], calls.must_call(on_connect))
        client.end()

    server.listen(0, calls.must_call(on_listening))
    assert closed.wait(WAIT)
    assert server.wait_closed(WAIT)
