"""Slow and silent clients: 500 slowloris and 50 silent ones beside 50 fast ones.

The server arms ``set_timeout(1000)`` and destroys a socket on 'timeout'.
A slowloris client (one byte every 200 ms — the scenario's pacing, not a
synchronisation sleep) stays open while it trickles, gets every byte
echoed, and is closed by the server once it falls silent; silent clients
are closed after one period; the fast clients finish every round trip
byte-exact meanwhile. Afterwards no greenlet and no socket descriptor is
left. (Latency under this load is measured by bench/slowloris_latency.py,
not asserted here.)
"""

import os

import gevent
from gevent import socket as gsocket

import gnet
from reliability_helpers import tcp_connect, get_connections, live_greenlets, socket_fds

SLOW, SILENT, FAST = 500, 50, 50
TIMEOUT_MS = 1000
PACE = 0.2          # seconds between a slowloris client's bytes
SLOW_BYTES = 3
ROUND_TRIPS = 20


def recv_until_closed(c, timeout):
    """Everything the server sends until it closes; None if it never does."""
    out = b''
    with gevent.Timeout(timeout, False):
        while True:
            try:
                chunk = c.recv(65536)
            except ConnectionResetError:
                return out
            if not chunk:
                return out
            out += chunk
    return None


def slowloris(port):
    c = tcp_connect(port)
    try:
        for i in range(SLOW_BYTES):
            if i:
                gevent.sleep(PACE)
            c.sendall(b'%d' % i)
        # then silence: the server's timeout must close us
        return recv_until_closed(c, TIMEOUT_MS / 1000.0 * 5)
    finally:
        c.close()


def silent(port):
    c = tcp_connect(port)
    try:
        return recv_until_closed(c, TIMEOUT_MS / 1000.0 * 5)
    finally:
        c.close()


def fast(port):
    c = tcp_connect(port)
    try:
        for _ in range(ROUND_TRIPS):
            msg = os.urandom(1024)
            c.sendall(msg)
            got = b''
            while len(got) < len(msg):
                chunk = c.recv(65536)
                assert chunk, 'closed during a round trip'
                got += chunk
            assert got == msg
        return True
    finally:
        c.close()


def test_slowloris_and_silent_clients_are_timed_out_fast_ones_served(baseline):
    timeouts = []

    def on_connection(sock):
        def on_timeout():
            timeouts.append(sock)
            sock.destroy()
        sock.set_timeout(TIMEOUT_MS, on_timeout)
        sock.on('data', sock.write)

    server = gnet.create_server(on_connection)
    server.listen(0, '127.0.0.1', 1024)
    port = server.address()['port']
    slow = [gevent.spawn(slowloris, port) for _ in range(SLOW)]
    quiet = [gevent.spawn(silent, port) for _ in range(SILENT)]
    busy = [gevent.spawn(fast, port) for _ in range(FAST)]
    gevent.joinall(slow + quiet + busy, timeout=60, raise_error=True)
    expected = b''.join(b'%d' % i for i in range(SLOW_BYTES))
    assert [g.value for g in slow] == [expected] * SLOW
    assert [g.value for g in quiet] == [b''] * SILENT
    assert [g.value for g in busy] == [True] * FAST
    assert len(timeouts) == SLOW + SILENT
    assert get_connections(server) == 0
    server.close()
    assert server.wait_closed(10)
    del slow, quiet, busy, timeouts
    assert len(live_greenlets()) == baseline['greenlets']
    assert socket_fds() == baseline['sockets']
