"""Port of Node's test/parallel/test-net-socket-close-after-end.js.

Checks that when both sides ``end('foo')`` and the server reads only later,
the server socket's 'close' comes after its 'end'. Node reads 100 ms
later; here the server reads once the client's 'finish' says its data and
FIN are sent.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT


def test_close_comes_after_end(calls):
    client_finished = Event()
    closed = Event()
    order = []

    def on_connection(sock):
        sock.on('end', lambda: order.append('end'))
        sock.on('data', lambda data: order.append(data))
        sock.pause()

        def on_close(had_error):
            order.append('close')
            assert 'end' in order
            server.close()
            closed.set()
        sock.on('close', calls.must_call(on_close))
        sock.end(b'foo')
        assert client_finished.wait(WAIT)   # the peer's 'foo' and FIN are on their way
        sock.resume()

    server = gnet.create_server(calls.must_call(on_connection))

    def on_listening():
        client = gnet.create_connection(server.address()['port'], lambda: client.end(b'foo'))
        client.on('finish', client_finished.set)
        client.resume()

    server.listen(0, calls.must_call(on_listening))
    assert closed.wait(WAIT)
    assert order == [b'foo', 'end', 'close']
    assert server.wait_closed(WAIT)
