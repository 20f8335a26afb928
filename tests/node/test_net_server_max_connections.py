"""Port of Node's test/parallel/test-net-server-max-connections.js.

Checks that with ``max_connections = 10`` and 20 clients connecting one
after another, exactly the first 10 reach 'connection' (and get data); the
other 10 are closed at once and are the first to close, without data.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

N = 20


def test_only_max_connections_are_served(calls):
    closes = []
    waits = []
    got_data = {}
    all_closed = Event()

    def on_connection(connection):
        connection.write('hello')
        waits.append(connection.end)

    server = gnet.create_server(calls.must_call(on_connection, N // 2))
    server.max_connections = N // 2
    assert server.maxConnections == N // 2

    def make_connection(index):
        client = gnet.create_connection(server.address()['port'])
        got_data[index] = False

        def on_close(had_error):
            closes.append(index)
            if len(closes) < N // 2:
                assert server.max_connections <= index, \
                    '%d should not have been one of the first closed connections' % index
            if len(closes) == N // 2:
                while waits:
                    waits.pop(0)()
                server.close()
            if index < server.max_connections:
                assert got_data[index], "%d didn't get data, but should have" % index
            else:
                assert not got_data[index], '%d got data, but should not have' % index
            if len(closes) == N:
                all_closed.set()

        def on_connect():
            if index + 1 < N:
                make_connection(index + 1)
            client.on('close', on_close)

        def on_data(data):
            got_data[index] = True
            assert len(data) > 0

        client.on('connect', on_connect)
        client.on('end', lambda: client.end())
        client.on('data', on_data)
        client.on('error', lambda err: None)   # a dropped client may see ECONNRESET

    server.listen(0, lambda: make_connection(0))
    assert all_closed.wait(WAIT), closes
    assert server.wait_closed(WAIT)
    assert sorted(closes[:N // 2]) == list(range(N // 2, N))
