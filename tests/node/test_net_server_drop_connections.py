"""Port of Node's test/parallel/test-net-server-drop-connections.js.

Checks that with ``max_connections = 1`` and two clients, the first gets
'connection' and the second is dropped with a 'drop' whose dict has truthy
localAddress, localPort, remoteAddress, remotePort and remoteFamily (and,
from Node's behaviour notes, that a Unix server's 'drop' has no argument).
"""

from gevent.event import AsyncResult

import gnet

from nodeport import WAIT


def _drop_scenario(listen_args, connect_args):
    """Two clients at once; returns the 'drop' args ('connection' came first)."""
    server = gnet.create_server()
    first = []
    dropped = AsyncResult()

    def on_drop(*args):
        assert first, "'drop' before the first connection's 'connection'"
        first[0].destroy()
        server.close()
        dropped.set(args)

    server.on('connection', first.append)
    server.on('drop', on_drop)
    server.max_connections = 1
    clients = []

    def on_listening():
        for _ in range(2):
            client = gnet.create_connection(*connect_args(server))
            client.on('error', lambda err: None)   # the dropped one may see a reset
            clients.append(client)

    server.listen(*listen_args, on_listening)
    args = dropped.get(timeout=WAIT)
    assert server.wait_closed(WAIT)
    assert len(first) == 1
    for client in clients:
        client.destroy()
    return args


def test_drop_event_data():
    data, = _drop_scenario((0,), lambda server: (server.address()['port'],))
    for key in ('localAddress', 'localPort', 'remoteAddress', 'remotePort', 'remoteFamily'):
        assert data[key], key


def test_unix_server_drop_has_no_argument(pipe_path):
    assert _drop_scenario((pipe_path,), lambda server: (pipe_path,)) == ()
