"""Graceful stop: close() and wait_closed(), and gevent's stop(timeout) with Node's events."""

import time

import gevent
import pytest
from gevent.event import Event

import gnet

from legacy_helpers import LOCAL, connect, listen, read_all


def recording_server(listener):
    server = gnet.create_server(listener)
    log = []
    server.on('close', lambda: log.append('server close'))
    return server, log


def test_close_stops_accepting_and_waits_for_the_open_connection(servers):
    server, log = recording_server(lambda s: s.on('data', s.write))
    port = listen(server, servers)
    conn = connect(port)
    conn.sendall(b'x')
    assert conn.recv(1) == b'x'
    server.close()
    assert not server.listening
    with pytest.raises(ConnectionRefusedError):
        connect(port)
    assert server.wait_closed(0.05) is False and log == []
    conn.close()
    assert server.wait_closed(5) is True
    assert log == ['server close']


def test_wait_closed_is_true_at_once_after_close_fired(servers):
    server, log = recording_server(None)
    listen(server, servers)
    server.close()
    assert server.wait_closed(5) is True
    assert server.wait_closed(0) is True and server.wait_closed() is True
    assert log == ['server close']


def test_wait_closed_times_out_on_a_listening_server(servers):
    server, log = recording_server(None)
    listen(server, servers)
    started = time.monotonic()
    assert server.wait_closed(0.05) is False
    assert time.monotonic() - started >= 0.04
    assert server.listening


def test_wait_closed_resets_on_listen_again(servers):
    server, _ = recording_server(None)
    listen(server, servers)
    server.close()
    assert server.wait_closed(5)
    listen(server)
    assert server.wait_closed(0) is False
    server.close()
    assert server.wait_closed(5) is True


def test_stop_with_nothing_open_emits_close_exactly_once():
    server, log = recording_server(None)
    server.listen(0, LOCAL)
    server.stop(1)
    assert log == ['server close']
    server.stop(1)                   # again: no second 'close'
    server.close()                   # Node: close() on a closed server emits again
    assert server.wait_closed(5)
    gevent.sleep(0)
    assert log[:1] == ['server close']


def test_stop_after_close_does_not_emit_close_twice():
    release = Event()
    accepted = Event()
    server, log = recording_server(lambda s: (accepted.set(), release.wait(10), s.destroy()))
    server.listen(0, LOCAL)
    conn = connect(server.address()['port'])
    assert accepted.wait(5)
    server.close()
    gevent.spawn_later(0, release.set)
    server.stop(5)
    assert log == ['server close']
    conn.close()


def test_stop_waits_for_handlers_that_finish_in_time():
    finished = []

    def handler(sock):
        sock.recv(1)
        finished.append(True)
        sock.end(b'bye')

    server, log = recording_server(handler)
    accepted = Event()
    server.prepend_listener('connection', lambda s: accepted.set())
    server.listen(0, LOCAL)
    conn = connect(server.address()['port'])
    assert accepted.wait(5)  # not accepted yet, close() would reset it (Node too)

    def client():
        conn.sendall(b'x')
        reply = read_all(conn)
        conn.close()
        return reply
    talk = gevent.spawn(client)
    started = time.monotonic()
    server.stop(5)
    assert time.monotonic() - started < 2
    assert finished == [True] and log == ['server close']
    assert talk.get(timeout=5) == b'bye'


@pytest.mark.parametrize('style', ['handler_class', 'gevent', 'blocking', 'event'])
def test_stop_kills_handlers_past_the_deadline(style):
    """GreenletExit in the handler, socket destroyed, each 'close' fires, server 'close' once."""
    import socketserver
    entered = Event()
    outcome = []
    socket_closes = []

    def work(sock):
        sock.sendall(b'working')
        entered.set()
        try:
            sock.recv(10)  # the client never sends: blocked past the deadline
        except gevent.GreenletExit:
            outcome.append('GreenletExit')
            raise

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            work(self.request)

    if style == 'handler_class':
        server = gnet.create_server(handler_class=Handler)
    elif style == 'gevent':
        server = gnet.Server.from_gevent_handler(lambda sock, address: work(sock))
    elif style == 'blocking':
        server = gnet.create_server(lambda sock: (sock.on('close', socket_closes.append),
                                                  work(sock)))
    else:  # event style: the handler returned; the driver is parked
        def event_style(sock):
            sock.on('data', lambda data: None)
            sock.write(b'working')
            entered.set()
            outcome.append('GreenletExit')  # nothing to catch: parked in the driver
        server = gnet.create_server(event_style)
    if style != 'blocking':
        server.on('connection', lambda s: s.on('close', socket_closes.append))
    server_closes = []
    server.on('close', lambda: server_closes.append(True))
    server.listen(0, LOCAL)
    clients = [connect(server.address()['port']) for _ in range(2)]
    assert entered.wait(5)
    for conn in clients:
        assert conn.recv(7) == b'working'
    started = time.monotonic()
    server.stop(0.1)
    assert 0.08 <= time.monotonic() - started < 2
    assert outcome == ['GreenletExit'] * 2
    assert socket_closes == [False, False]
    assert server_closes == [True]
    for conn in clients:
        assert read_all(conn) == b''
        conn.close()
    assert server.wait_closed(0)


def test_stop_destroys_sockets_of_handlers_that_swallow_greenletexit():
    entered = Event()
    stubborn = []

    def handler(sock):
        entered.set()
        try:
            sock.recv(10)
        except gevent.GreenletExit:
            stubborn.append('caught')
        try:
            sock.recv(10)  # the socket is destroyed under it
        except Exception as exc:
            stubborn.append(type(exc).__name__)

    server, log = recording_server(handler)
    server.listen(0, LOCAL)
    conn = connect(server.address()['port'])
    assert entered.wait(5)
    server.stop(0.05)
    assert log == ['server close']
    assert stubborn[0] == 'caught'
    assert read_all(conn) == b''
    conn.close()


def test_serve_forever_returns_after_stop():
    server, log = recording_server(lambda s: s.on('data', s.write))
    server.listen(0, LOCAL)
    runner = gevent.spawn(server.serve_forever)
    gevent.sleep(0)
    gevent.spawn(server.stop, 1)
    runner.join(5)
    assert runner.dead and log == ['server close']
