"""Closing a socket from another greenlet wakes the one blocked on it, as gevent does.

gevent wakes a greenlet blocked in recv()/sendall() on a socket another
greenlet closes with ``cancel_wait_ex`` (EBADF, "File descriptor was
closed in another greenlet"). gnet must raise the same, for close() and
for Node's destroy(), then emit 'close', and leak nothing.
"""

import os
import socket

import gevent
from gevent.event import AsyncResult, Event

import gnet
from blocking_helpers import LOCAL, attempt, read_all

CLOSED_ELSEWHERE = ('raised', 'cancel_wait_ex', 9,
                    '[Errno 9] File descriptor was closed in another greenlet')

#: Bytes sendall() is given while the peer reads nothing: far more than
#: loopback's socket buffers hold, so it blocks.
BLOCKING_SIZE = 64 << 20


def after_close(sock):
    """What a closed socket answers: the steps gevent's traces hold too."""
    return [attempt(sock.recv, 1), attempt(sock.send, b'x'), attempt(sock.sendall, b'x'),
            attempt(sock.fileno), attempt(sock.getpeername)]


def test_close_in_another_greenlet_wakes_recv(differential):
    def body(sock, peer):
        gevent.spawn(sock.close)  # runs once recv() below waits
        return attempt(sock.recv, 100), after_close(sock)
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[0] == CLOSED_ELSEWHERE
    assert gevents[1][0][1:3] == ('OSError', 9)


def test_close_in_another_greenlet_wakes_recv_into(differential):
    def body(sock, peer):
        gevent.spawn(sock.close)
        return attempt(sock.recv_into, bytearray(10))
    gevents, ours = differential(body)
    assert ours == gevents == CLOSED_ELSEWHERE


def test_close_in_another_greenlet_wakes_sendall(differential):
    def body(sock, peer):
        gevent.spawn(sock.close)  # runs once sendall() below waits for room
        return attempt(sock.sendall, b'x' * BLOCKING_SIZE), after_close(sock)
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[0] == CLOSED_ELSEWHERE


# --- gnet only: destroy(), 'close', nothing left behind ----------------------------

def serve_one(handler):
    """A gevent-form gnet.Server whose one connection runs *handler(sock)*."""
    server = gnet.Server((LOCAL, 0), lambda sock, address: handler(sock))
    server.start()
    return server


def open_fds():
    return len(os.listdir('/proc/self/fd'))


def test_destroy_in_another_greenlet_wakes_recv_the_issue_repro():
    # Issue 14: "gevent raises at 0.2 s; gnet blocks forever".
    outcome = AsyncResult()
    closed = Event()
    before = open_fds()

    def handler(sock):
        sock.on('close', lambda had_error: closed.set())
        gevent.spawn_later(0.2, sock.destroy)
        outcome.set(attempt(sock.recv, 100))
    server = serve_one(handler)
    client = socket.create_connection((LOCAL, server.server_port))
    try:
        assert outcome.get(timeout=5) == CLOSED_ELSEWHERE
        assert closed.wait(5)
        assert read_all(client) == b''
    finally:
        client.close()
        server.stop()
    assert open_fds() == before


def test_destroy_in_another_greenlet_wakes_sendall_and_close_follows():
    outcome = AsyncResult()
    events = []
    closed = Event()
    count = AsyncResult()

    def handler(sock):
        sock.on('error', lambda err: events.append(('error', err)))
        sock.on('close', lambda had_error: (events.append(('close', had_error)), closed.set()))
        gevent.spawn(sock.destroy)
        outcome.set(attempt(sock.sendall, b'x' * BLOCKING_SIZE))
    server = serve_one(handler)
    client = socket.create_connection((LOCAL, server.server_port))
    try:
        assert outcome.get(timeout=10) == CLOSED_ELSEWHERE
        assert closed.wait(5)
        assert events == [('close', False)]
        server.get_connections(lambda err, n: count.set(n))
        assert count.get(timeout=5) == 0
    finally:
        client.close()
        server.stop()


def test_close_in_another_greenlet_in_nodes_form_emits_close_once():
    outcome = AsyncResult()
    closes = []
    closed = Event()

    def on_connection(sock):
        sock.on('close', lambda had_error: (closes.append(had_error), closed.set()))
        gevent.spawn(sock.close)
        outcome.set(attempt(sock.recv, 10))
    server = gnet.Server(on_connection).listen(0, LOCAL)
    client = socket.create_connection((LOCAL, server.address()['port']))
    try:
        assert outcome.get(timeout=5) == CLOSED_ELSEWHERE
        assert closed.wait(5)
        gevent.sleep(0)  # one more turn: a second 'close' would be queued by now
        assert closes == [False]
    finally:
        client.close()
        server.close()
