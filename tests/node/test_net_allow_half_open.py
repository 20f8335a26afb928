"""Port of Node's test/parallel/test-net-allow-half-open.js.

Checks that a client without allowHalfOpen, whose server ends first, gets
'end' and then 'finish' while not yet destroyed, and then 'close'.
"""

import gnet

from nodeport import WAIT, wait_event


def test_client_shuts_down_properly_after_end(calls):
    server = gnet.create_server(calls.must_call(lambda sock: sock.end(bytes(1024))))
    listening = wait_event(server, 'listening')
    server.listen(0, calls.must_call())
    listening.get(timeout=WAIT)
    client = gnet.connect(server.address()['port'])
    assert client.allow_half_open is False
    client.resume()
    order = []

    def on_end():
        order.append('end')
        assert not client.destroyed   # not destroyed straight away, without shutdown
        server.close()

    def on_finish():
        order.append('finish')
        assert not client.destroyed

    client.on('end', calls.must_call(on_end))
    client.on('finish', calls.must_call(on_finish))
    closed = wait_event(client, 'close')
    client.on('close', calls.must_call())
    had_error, = closed.get(timeout=WAIT)
    assert had_error is False
    order.append('close')
    assert order == ['end', 'finish', 'close']
    assert client.bytes_read == 1024
    assert server.wait_closed(WAIT)
