"""Port of Node's test/parallel/test-net-remote-address-port.js.

Checks that server- and client-side ``remote_address``, ``remote_family``
and ``remote_port`` are set (loopback, IPv4 or IPv6, a port other than the
server's) and still readable at 'close', for a server on ``localhost``.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

LOOPBACK = ('127.0.0.1', '::ffff:127.0.0.1', '::1')


def test_remote_address_and_port(calls):
    done = Event()

    def on_connection(sock):
        assert sock.remote_address in LOOPBACK
        assert sock.remoteAddress == sock.remote_address
        assert sock.remote_family in ('IPv4', 'IPv6')
        assert sock.remote_port
        assert sock.remote_port != sock.local_port
        sock.on('end', lambda: server.close())
        sock.resume()

        def on_close(had_error):
            # Read before: still there after the connection is gone.
            assert sock.remote_address in LOOPBACK
            assert sock.remote_family in ('IPv4', 'IPv6')
            assert sock.remote_port
        sock.on('close', calls.must_call(on_close))

    server = gnet.create_server(calls.must_call(on_connection))

    def on_listening():
        port = server.address()['port']
        client = gnet.create_connection(port, 'localhost')

        def on_connect():
            assert client.remote_address in LOOPBACK
            assert client.remote_family in ('IPv4', 'IPv6')
            assert client.remote_port == port
            client.end()

        def on_close(had_error):
            assert client.remote_address in LOOPBACK
            assert client.remote_family in ('IPv4', 'IPv6')
            assert client.remote_port == port
            done.set()

        client.on('connect', calls.must_call(on_connect))
        client.on('end', calls.must_call())
        client.on('close', calls.must_call(on_close))
        client.resume()

    server.listen(0, 'localhost', calls.must_call(on_listening))
    assert done.wait(WAIT)
    assert server.wait_closed(WAIT)
