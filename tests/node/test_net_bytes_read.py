"""Port of Node's test/parallel/test-net-bytes-read.js.

Checks that a client's ``bytes_read`` rises with every 'data', equals the
1 MiB sent at 'end', and keeps that value at 'close'.
"""

import gnet

from nodeport import WAIT, wait_event

SIZE = 1024 * 1024


def test_bytes_read_counts_every_chunk(calls):
    server = gnet.create_server(calls.must_call(lambda sock: sock.end(bytes(SIZE))))
    server.listen(0, '127.0.0.1')
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    state = {'prev': 0, 'seen': 0}
    at = {}

    def on_data(chunk):
        state['seen'] += len(chunk)
        assert client.bytes_read > state['prev']
        assert client.bytes_read == state['seen']
        state['prev'] = client.bytes_read

    client.on('data', calls.must_call_at_least(on_data))
    client.on('end', calls.must_call(lambda: at.update(end=client.bytes_read)))
    closed = wait_event(client, 'close')
    closed.get(timeout=WAIT)
    at['close'] = client.bytes_read
    server.close()
    assert server.wait_closed(WAIT)
    assert at == {'end': SIZE, 'close': SIZE}
    assert client.bytesRead == SIZE
