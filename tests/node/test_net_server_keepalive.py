"""Port of Node's test/parallel/test-net-server-keepalive.js.

Checks that ``create_server({'keepAlive': True, 'keepAliveInitialDelay': 1000})``
turns keep-alive on for each accepted socket with a 1 s idle time. Node
spies on ``setKeepAlive``; here the socket options are read back with
getsockopt (SO_KEEPALIVE, TCP_KEEPIDLE).
"""

import socket

import gnet

from nodeport import WAIT, wait_event


def _accepted_options(server):
    server.listen(0, '127.0.0.1')
    connected = wait_event(server, 'connection')
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    conn, = connected.get(timeout=WAIT)
    try:
        # The options are applied before 'connection' listeners run.
        alive = conn.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)
        idle = conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
        return alive, idle
    finally:
        conn.destroy()
        client.destroy()
        server.close()
        assert server.wait_closed(WAIT)


def test_keepalive_with_initial_delay(calls):
    server = gnet.create_server({'keepAlive': True, 'keepAliveInitialDelay': 1000},
                                calls.must_call())
    alive, idle = _accepted_options(server)
    assert alive == 1
    assert idle == 1


def test_no_keepalive_by_default(calls):
    server = gnet.create_server(calls.must_call())
    alive, _idle = _accepted_options(server)
    assert alive == 0
