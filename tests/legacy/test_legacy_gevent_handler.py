"""gevent StreamServer handlers served unchanged: Server.from_gevent_handler(fn)."""

import socket

import gevent
from gevent.event import Event
from gevent.server import StreamServer

import gnet

from legacy_helpers import LOCAL, connect, listen, read_all, roundtrip


def echo(socket_, address):
    """gevent's examples/echoserver.py handler, verbatim apart from the name."""
    socket_.sendall(b'Welcome to the echo server! Type quit to exit.\r\n')
    rfileobj = socket_.makefile(mode='rb')
    while True:
        line = rfileobj.readline()
        if not line:
            break
        if line.strip().lower() == b'quit':
            socket_.sendall(b'bye\r\n')
            break
        socket_.sendall(line)
    rfileobj.close()


SCRIPT = b'one\r\ntwo\r\nquit\r\nnot echoed\r\n'
EXPECTED = b'Welcome to the echo server! Type quit to exit.\r\none\r\ntwo\r\nbye\r\n'


def test_from_gevent_handler_returns_a_server():
    server = gnet.Server.from_gevent_handler(echo)
    assert isinstance(server, gnet.Server) and isinstance(server, StreamServer)
    assert not server.listening


def test_gevent_echo_handler_runs_unchanged_on_gnet_and_on_gevent(servers):
    server = gnet.Server.from_gevent_handler(echo)
    port = listen(server, servers)
    assert roundtrip(port, SCRIPT) == EXPECTED

    plain = StreamServer((LOCAL, 0), echo)
    plain.start()
    try:
        assert roundtrip(plain.server_port, SCRIPT) == EXPECTED
    finally:
        plain.stop()


def test_handler_gets_socket_and_peer_address_and_close_follows_return(servers):
    seen = []
    closed = Event()

    def handle(sock, address):
        seen.append((address, sock.getpeername(), sock.recv(5)))
        sock.sendall(b'thanks')
        # returns without close(): the server closes it, as gevent's does

    server = gnet.Server.from_gevent_handler(handle)
    server.on('connection', lambda s: s.on('close', lambda err: closed.set()))
    port = listen(server, servers)
    with connect(port) as conn:
        conn.sendall(b'hello')
        assert read_all(conn) == b'thanks'  # EOF: closed on return
        mine = conn.getsockname()
    assert closed.wait(5)
    assert seen == [(mine, mine, b'hello')]


def test_options_apply(servers):
    seen = []

    def handle(sock, address):
        seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    server = gnet.Server.from_gevent_handler(handle, {'noDelay': True})
    port = listen(server, servers)
    assert roundtrip(port, b'') == b''
    assert seen and seen[0] != 0


def test_events_can_be_adopted_gradually(servers):
    """Node-style listeners next to the gevent handler: each sees a live socket."""
    trace = []
    done = Event()

    def handle(sock, address):
        trace.append('handle')
        sock.write(b'written, ')          # Node style inside the handler
        sock.sendall(b'then sent')        # blocking style keeps the order

    server = gnet.Server.from_gevent_handler(handle)
    server.on('connection', lambda s: trace.append(('connection', s.destroyed)))
    server.on('connection', lambda s: s.on('close', lambda e: (trace.append('close'),
                                                                done.set())))
    port = listen(server, servers)
    assert roundtrip(port, b'') == b'written, then sent'
    assert done.wait(5)
    assert trace == [('connection', False), 'handle', 'close']


def test_serve_forever_and_stop_like_a_gevent_deployment():
    server = gnet.Server.from_gevent_handler(echo)
    server.listen(0, LOCAL)
    port = server.address()['port']
    runner = gevent.spawn(server.serve_forever)
    assert roundtrip(port, SCRIPT) == EXPECTED
    server.stop(timeout=5)
    assert runner.join(5) is None and runner.dead and runner.successful()
    try:
        gevent.socket.create_connection((LOCAL, port), timeout=5).close()
    except ConnectionRefusedError:
        pass
    else:
        raise AssertionError('still accepting after stop()')


def test_handler_exception_is_reported_and_server_goes_on(servers):
    failures = []

    def handle(sock, address):
        if sock.recv(4) == b'fail':
            raise RuntimeError('handler failed')
        sock.sendall(b'ok')

    server = gnet.Server.from_gevent_handler(handle)
    server.on('connection', lambda s: s.on('error', failures.append))
    port = listen(server, servers)
    assert roundtrip(port, b'fail') == b''
    assert roundtrip(port, b'good') == b'ok'
    assert [str(f) for f in failures] == ['handler failed']
