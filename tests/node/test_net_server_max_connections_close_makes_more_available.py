"""Port of Node's test/parallel/test-net-server-max-connections-close-makes-more-available.js.

Checks that with ``max_connections = 1`` connection 0 is served, 1 is
rejected, closing 0 lets 2 in, and 3 is rejected: the server receives
exactly ``['0', '2']``.
"""

import gnet

from nodeport import WAIT, wait_event


def test_closing_a_connection_frees_a_slot():
    received = []
    server_sockets = []

    def on_connection(conn):
        server_sockets.append(conn)
        conn.set_encoding('utf8')
        conn.on('data', received.append)

    server = gnet.create_server(on_connection)
    server.max_connections = 1
    server.listen(0, '127.0.0.1')
    port = server.address()['port']

    def connect(index):
        client = gnet.connect(port, '127.0.0.1')
        client.on('error', lambda err: None)  # a rejected client may see ECONNRESET
        client.write(str(index))
        return client

    def served(index):
        data = wait_event(server, 'connection')
        client = connect(index)
        conn, = data.get(timeout=WAIT)
        if not received or received[-1] != str(index):
            wait_event(conn, 'data').get(timeout=WAIT)
        return client, conn

    def rejected(index):
        dropped = wait_event(server, 'drop')
        client = connect(index)
        closed = wait_event(client, 'close')
        dropped.get(timeout=WAIT)
        closed.get(timeout=WAIT)

    client0, conn0 = served(0)
    rejected(1)
    conn0_closed = wait_event(conn0, 'close')
    client0.end()
    conn0_closed.get(timeout=WAIT)   # the slot is free once conn 0 is gone
    client2, conn2 = served(2)
    rejected(3)
    assert received == ['0', '2']
    server.close()
    client2.end()
    assert server.wait_closed(WAIT)
