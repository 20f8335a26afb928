"""An idle connection gives its greenlet back, and comes back to life on the next event.

Issue 7 (idle memory per connection): a connection whose listeners have
returned and that sits idle for a sweep of the reaper holds no greenlet;
its next 'data' (or any queued task) runs in a fresh greenlet, in order,
with nothing lost. Fast connections keep their greenlet.
"""

import gc
import hashlib

import gevent
import greenlet
import pytest
from gevent import socket as gsocket
from gevent.event import Event

import gnet
from gnet._greenlets import pooled
from gnet.socket import Socket


class QuickReleaseSocket(Socket):
    """Released after ~0.05-0.1 s of idleness, so the test stays short."""
    release_idle_after = 0.05


class QuickServer(gnet.Server):
    socket_class = QuickReleaseSocket


def _live_greenlets():
    """Greenlets alive and not parked in gnet's pool of reusable ones."""
    gc.collect()
    parked = pooled()
    return sum(1 for obj in gc.get_objects()
               if isinstance(obj, greenlet.greenlet) and not obj.dead and obj not in parked)


def _wait_for(predicate, timeout=5.0):
    """Wait for a state the reaper reaches on its own schedule (bounded)."""
    with gevent.Timeout(timeout):
        while not predicate():
            gevent.sleep(0.01)


@pytest.fixture
def echo_server():
    seen = []

    def on_connection(sock):
        seen.append((sock, greenlet.getcurrent()))
        sock.on('data', lambda data: sock.write(data))

    server = QuickServer(on_connection).listen(0, '127.0.0.1')
    yield server, seen
    server.close()


def test_idle_connections_release_their_greenlets_and_still_echo(echo_server):
    server, seen = echo_server
    port = server.address()['port']
    baseline = _live_greenlets()  # the hub, this test, any resolver threads' ...
    clients = []
    for i in range(50):
        client = gsocket.create_connection(('127.0.0.1', port))
        client.sendall(b'hello %d' % i)
        assert client.recv(100) == b'hello %d' % i
        clients.append(client)
    _wait_for(lambda: len(seen) == 50 and all(sock._released for sock, _ in seen))
    assert all(sock._driver is None for sock, _ in seen)
    # 50 open connections, and (almost) no greenlet more than before them.
    assert _live_greenlets() - baseline < 5
    # Every connection wakes up in a fresh greenlet and echoes every byte.
    payload = hashlib.sha256(b'x').digest() * 2000
    for client in clients:
        client.sendall(payload)
    for client in clients:
        got = b''
        while len(got) < len(payload):
            chunk = client.recv(65536)
            assert chunk
            got += chunk
        assert got == payload
    for client in clients:
        client.close()
    _wait_for(lambda: all(sock.destroyed for sock, _ in seen))


def test_a_busy_connection_keeps_its_greenlet(echo_server):
    """Events right after the listener returned run in the listener's greenlet."""
    server, seen = echo_server
    port = server.address()['port']
    where = []
    done = Event()
    server.remove_all_listeners('connection')

    def on_connection(sock):
        home = greenlet.getcurrent()

        def on_data(data):
            where.append(greenlet.getcurrent() is home)
            sock.write(data)
            if len(where) == 20:
                done.set()
        sock.on('data', on_data)
    server.on('connection', on_connection)
    client = gsocket.create_connection(('127.0.0.1', port))
    for i in range(20):
        client.sendall(b'%02d' % i)
        assert client.recv(10) == b'%02d' % i
    done.wait(5)
    assert where == [True] * 20
    client.close()


def test_a_released_socket_runs_tasks_from_other_greenlets(echo_server):
    """write() with a callback and end() from outside revive a released socket."""
    server, seen = echo_server
    port = server.address()['port']
    client = gsocket.create_connection(('127.0.0.1', port))
    client.sendall(b'ping')
    assert client.recv(10) == b'ping'
    _wait_for(lambda: seen and seen[0][0]._released)
    sock = seen[0][0]
    events = []
    closed = Event()
    sock.on('finish', lambda: events.append('finish'))
    sock.on('close', lambda had_error: (events.append(('close', had_error)), closed.set()))
    sock.write(b'late', callback=lambda err: events.append(('written', err)))
    sock.end()
    assert client.recv(10) == b'late'
    assert client.recv(10) == b''
    client.close()
    assert closed.wait(5)
    assert events == [('written', None), 'finish', ('close', False)]
