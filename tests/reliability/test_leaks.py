"""Leaks: many sequential connect/echo/close cycles leave nothing behind.

CI profile 5,000 cycles, full profile (GNET_FULL=1) 100,000. After a
warm-up (allocator arenas, the hub's lazily made objects, the idle
reaper), the bounds are: 0 socket descriptors more, 0 live greenlets
more, and RSS growth under RSS_BOUND. Half the cycles use an event-style
handler, half a blocking-style one.
"""

import os

import gevent
import pytest
from gevent import socket as gsocket

import gnet
from reliability_helpers import tcp_connect, Counter, live_greenlets, profile, rss_bytes, socket_fds

CYCLES = profile(5000, 100000)
WARM_UP = 1000
#: RSS growth allowed from the end of warm-up to the end of the run.
RSS_BOUND = 1 << 20  # 1 MiB


def on_connection(sock):
    if sock.remote_port % 2:
        sock.on('data', sock.write)
        return
    while True:   # blocking style
        chunk = sock.recv(65536)
        if not chunk:
            break
        sock.sendall(chunk)
    sock.end()


@pytest.mark.timeout(profile(60, 1800))
def test_sequential_connect_echo_close_cycles_stay_flat():
    closed = Counter()
    server = gnet.create_server(lambda sock: sock.on('close', lambda _: closed.add()))
    server.on('connection', on_connection)
    server.listen(0, '127.0.0.1')
    address = ('127.0.0.1', server.address()['port'])
    msg = os.urandom(256)

    def cycles(start, stop):
        for _ in range(start, stop):
            c = tcp_connect(address[1])
            c.sendall(msg)
            got = b''
            while len(got) < len(msg):
                got += c.recv(65536)
            assert got == msg
            c.close()
        closed.wait_for(stop, 30)   # every server-side socket has closed

    cycles(0, WARM_UP)
    fds, greenlets, rss = socket_fds(), len(live_greenlets()), rss_bytes()
    cycles(WARM_UP, WARM_UP + CYCLES)
    assert socket_fds() == fds
    assert len(live_greenlets()) == greenlets
    growth = rss_bytes() - rss
    assert growth < RSS_BOUND, 'RSS grew %d KiB over %d cycles' % (growth >> 10, CYCLES)
    server.close()
    assert server.wait_closed(10)
