"""Port of Node's test/parallel/test-net-server-drop-connections.js.

Checks that with ``max_connections = 1`` and two clients, the first gets
'connection' and the second is dropped with a 'drop' whose dict has truthy
localAddress, localPort, remoteAddress, remotePort and remoteFamily, the
server being closed from the 'drop' listener (and, from Node's behaviour
notes, that a Unix server's 'drop' has no argument).
"""

import socket

from gevent.event import AsyncResult

import gnet

from nodeport import WAIT


def _two_pending_connections(address, family):
    """Two plain sockets connected (in the backlog) before the hub runs again."""
    pending = []
    for _ in range(2):
        raw = socket.socket(family, socket.SOCK_STREAM)
        raw.connect(address)
        pending.append(raw)
    return pending


def test_drop_event_data(calls):
    first = []
    dropped = AsyncResult()
    server = gnet.create_server(calls.must_call(first.append))
    server.max_connections = 1

    def on_drop(data):
        for key in ('localAddress', 'localPort', 'remoteAddress', 'remotePort',
                    'remoteFamily'):
            assert data[key], key
        for sock in first:   # Node: firstSocket.destroy()
            sock.destroy()
        server.close()
        dropped.set(data)

    server.on('drop', calls.must_call(on_drop))
    server.listen(0, '127.0.0.1')
    # Node's two clients, connected before the server accepts either: both are
    # in the backlog when the accept loop runs (in Node, as here, the usual case).
    pending = _two_pending_connections(('127.0.0.1', server.address()['port']),
                                       socket.AF_INET)
    try:
        dropped.get(timeout=WAIT)
        connection = AsyncResult()
        if not first:
            server.once('connection', connection.set)
            connection.get(timeout=WAIT)
    finally:
        for sock in first:
            sock.destroy()
        for raw in pending:
            raw.close()
    assert server.wait_closed(WAIT)


def test_connection_comes_before_drop():
    events = []
    server = gnet.create_server(lambda sock: events.append(('connection', sock)))
    server.max_connections = 1
    dropped = AsyncResult()
    server.on('drop', lambda data: (events.append(('drop', None)), dropped.set(data)))
    server.listen(0, '127.0.0.1')
    pending = _two_pending_connections(('127.0.0.1', server.address()['port']),
                                       socket.AF_INET)
    try:
        dropped.get(timeout=WAIT)
        assert [name for name, _ in events][:2] == ['connection', 'drop']
    finally:
        server.close()
        for name, sock in events:
            if sock is not None:
                sock.destroy()
        for raw in pending:
            raw.close()
        assert server.wait_closed(WAIT)


def test_unix_server_drop_has_no_argument(pipe_path):
    first = AsyncResult()
    server = gnet.create_server(first.set)
    server.max_connections = 1
    dropped = AsyncResult()
    server.on('drop', lambda *args: dropped.set(args))
    server.listen(pipe_path)
    clients = [gnet.create_connection(pipe_path)]
    first_socket = first.get(timeout=WAIT)
    clients.append(gnet.create_connection(pipe_path))
    clients[-1].on('error', lambda err: None)
    assert dropped.get(timeout=WAIT) == ()
    first_socket.destroy()
    server.close()
    for client in clients:
        client.destroy()
    assert server.wait_closed(WAIT)
