"""Port of Node's test/parallel/test-net-server-max-connections.js.

Checks that with ``max_connections = 10`` and 20 clients exactly 10 reach
'connection'; the other 10 are closed at once (each client sees 'end' or
ECONNRESET) and the server emits 'drop' for each.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

N = 20
LIMIT = 10


def test_only_max_connections_are_served(calls):
    accepted = []
    dropped = []
    rejected = []
    enough = Event()
    clients_done = Event()

    def check():
        if len(accepted) == LIMIT and len(dropped) == N - LIMIT:
            enough.set()

    def on_connection(conn):
        accepted.append(conn)   # kept open: it counts against the limit
        check()

    server = gnet.create_server(on_connection)
    server.max_connections = LIMIT
    assert server.maxConnections == LIMIT
    server.on('drop', lambda data=None: (dropped.append(data), check()))
    server.listen(0, '127.0.0.1')
    port = server.address()['port']

    def on_client_close(client, seen):
        if not client.got_data:
            rejected.append(seen or 'close')
        if len(rejected) == N - LIMIT:
            clients_done.set()

    clients = []
    for _ in range(N):
        client = gnet.connect(port, '127.0.0.1')
        client.got_data = False
        seen = []
        client.on('end', lambda seen=seen: seen.append('end'))
        client.on('error', lambda err, seen=seen: seen.append(err.code))
        client.on('close', lambda had_error, c=client, seen=seen: on_client_close(c, seen))
        clients.append(client)

    assert enough.wait(WAIT), (len(accepted), len(dropped))
    assert clients_done.wait(WAIT), rejected
    for seen in rejected:
        assert seen in (['end'], ['ECONNRESET']), seen
    counted = []
    server.get_connections(lambda err, count: counted.append((err, count)))
    for conn in accepted:
        conn.destroy()
    assert server.close() is server
    assert server.wait_closed(WAIT)
    assert counted == [(None, LIMIT)]
    assert len(accepted) == LIMIT
