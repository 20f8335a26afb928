"""Port of Node's test/parallel/test-net-remote-address-port.js.

Checks that server- and client-side ``remote_address``, ``remote_family``
and ``remote_port`` are set (loopback, IPv4 or IPv6, the server's port on
the client side, another port on the server side) and still readable at
'close', for a server on ``localhost`` and two clients (with the host
``localhost`` and with the default host).
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

LOOPBACK = ('127.0.0.1', '::ffff:127.0.0.1', '::1')
FAMILIES = ('IPv4', 'IPv6')
CLIENTS = 2


def test_remote_address_and_port(calls):
    ended = []
    client_closes = []
    done = Event()

    def on_connection(sock):
        assert sock.remote_address in LOOPBACK
        assert sock.remoteAddress == sock.remote_address
        assert sock.remote_family in FAMILIES
        assert sock.remote_port
        assert sock.remote_port != sock.local_port

        def on_end():
            ended.append(sock)
            if len(ended) == CLIENTS:
                server.close()

        def on_close(had_error):
            # Read before: still there after the connection is gone.
            assert sock.remote_address in LOOPBACK
            assert sock.remote_family in FAMILIES
        sock.on('end', on_end)
        sock.on('close', calls.must_call(on_close))
        sock.resume()

    server = gnet.create_server(calls.must_call(on_connection, CLIENTS))

    def on_listening():
        port = server.address()['port']

        def check(client):
            assert client.remote_address in LOOPBACK
            assert client.remote_family in FAMILIES
            assert client.remote_port == port

        def on_close(client):
            check(client)
            client_closes.append(client)
            if len(client_closes) == CLIENTS:
                done.set()

        for args in ((port, 'localhost'), (port,)):
            client = gnet.create_connection(*args)
            client.on('connect', calls.must_call(lambda c=client: (check(c), c.end())))
            client.on('close', calls.must_call(lambda had_error, c=client: on_close(c)))
            client.resume()

    server.listen(0, 'localhost', calls.must_call(on_listening))
    assert done.wait(WAIT)
    assert server.wait_closed(WAIT)
