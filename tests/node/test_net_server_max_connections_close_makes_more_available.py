"""Port of Node's test/parallel/test-net-server-max-connections-close-makes-more-available.js.

Checks that with ``max_connections = 1`` connection 0 is served, 1 is
rejected, ending 0 lets 2 in, and 3 is rejected: every client sends its
index, and the server receives exactly ``['0', '2']``.
"""

from gevent.event import AsyncResult

import gnet

from nodeport import WAIT


def test_closing_a_connection_frees_a_slot():
    connections = {}
    received = []
    sent = []

    def on_connection(sock):
        def on_data(data):
            received.append(data.decode())
            sock.write('acknowledged')
        sock.on('data', on_data)

    server = gnet.create_server(on_connection)
    server.max_connections = 1
    server.listen(0)
    port = server.address()['port']

    def create_connection(index):
        """Connect, send the index; resolved by a reply, 'end' or ECONNRESET."""
        settled = AsyncResult()

        def on_connect():
            msg = str(index)
            connection.write(msg)
            sent.append(msg)

        def on_error(err):
            assert err.code == 'ECONNRESET'
            settled.set('reset')

        connection = gnet.create_connection(port, on_connect)
        connection.on('error', on_error)
        connection.on('data', lambda data: settled.set('data') if not settled.ready() else None)
        connection.on('end', lambda: settled.set('end') if not settled.ready() else None)
        connections[index] = connection
        return settled.get(timeout=WAIT)

    def close_connection(index):
        ended = AsyncResult()
        connections[index].on('end', lambda: ended.set(True))
        connections[index].end()
        return ended.get(timeout=WAIT)

    assert create_connection(0) == 'data'
    assert create_connection(1) in ('end', 'reset')
    close_connection(0)
    assert create_connection(2) == 'data'
    assert create_connection(3) in ('end', 'reset')
    server.close()
    close_connection(2)
    assert server.wait_closed(WAIT)
    assert sent == ['0', '1', '2', '3']   # every client sent...
    assert received == ['0', '2']          # ...but only 0 and 2 got through
