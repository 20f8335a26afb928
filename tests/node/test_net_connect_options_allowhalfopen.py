"""Port of Node's test/parallel/test-net-connect-options-allowhalfopen.js.

Checks that with allowHalfOpen on both sides, after the server ends first
each client is still writable (and not readable), can write and then end;
'end' comes once per socket and the server closes after all of them. The
six ways of making a client are Node's six.
"""

from gevent.event import Event
from gevent.hub import get_hub

import gnet

from nodeport import WAIT

VARIANTS = 6


def test_half_open_clients(calls):
    received = []
    server_ends = []
    client_closes = []
    all_closed = Event()
    clients_closed = Event()

    def client_closed(index):
        client_closes.append(index)
        if len(client_closes) == VARIANTS:
            clients_closed.set()

    def server_on_connection(sock):
        sock.resume()

        def on_data(data):
            received.append(data.decode())

        def on_end():
            server_ends.append(1)
            if len(server_ends) == VARIANTS:
                server.close()

        sock.on('data', calls.must_call(on_data))
        sock.on('end', calls.must_call(on_end))   # never twice
        sock.end()

    server = gnet.create_server({'allowHalfOpen': True})
    server.on('connection', calls.must_call(server_on_connection, VARIANTS))
    server.on('close', calls.must_call(lambda: all_closed.set()))

    def client_on_connect(index):
        def on_connect():
            client = clients[index]
            client.resume()

            def after_end():
                # Half-open: still writable after the server's FIN, not readable.
                assert not client.readable
                assert client.writable
                assert client.write(str(index)) is True
                client.end()

            # Node waits 50 ms; one hub turn later says the same: nothing ended it.
            client.on('end', calls.must_call(
                lambda: get_hub().loop.run_callback(after_end)))
            client.on('close', calls.must_call(lambda had_error: client_closed(index)))
        return calls.must_call(on_connect)

    clients = {}
    server.listen(0, '127.0.0.1', calls.must_call())
    opts = {'allowHalfOpen': True, 'host': '127.0.0.1', 'port': server.address()['port']}
    clients[1] = gnet.connect(opts, client_on_connect(1))
    clients[2] = gnet.connect(opts)
    clients[2].on('connect', client_on_connect(2))
    clients[3] = gnet.create_connection(opts, client_on_connect(3))
    clients[4] = gnet.create_connection(opts)
    clients[4].on('connect', client_on_connect(4))
    clients[5] = gnet.Socket(opts).connect(opts, client_on_connect(5))
    clients[6] = gnet.Socket(opts).connect(opts)
    clients[6].on('connect', client_on_connect(6))

    assert all_closed.wait(WAIT)
    assert clients_closed.wait(WAIT), client_closes
    assert sorted(received) == [str(i) for i in range(1, VARIANTS + 1)]
    assert sorted(client_closes) == list(range(1, VARIANTS + 1))
