"""Resets and abrupt exits: RST mid-write, mid-read, mid-handshake; SIGKILL.

Whatever the peer does, every server-side socket emits 'close' exactly
once, its error (if any) comes as one 'error' event first, the server's
registry returns to 0, no socket descriptor is left, and the server goes
on serving.
"""

import collections
import signal
import ssl
import struct

import gevent
import gevent.event
import pytest
from gevent import socket as gsocket

import gnet
import gnet.tls
from reliability_helpers import tcp_connect, Counter, get_connections, socket_fds, spawn_child

_LINGER_RST = struct.pack('ii', 1, 0)


def rst_close(sock):
    """Close *sock* with RST instead of FIN (SO_LINGER on, 0 s)."""
    sock.setsockopt(gsocket.SOL_SOCKET, gsocket.SO_LINGER, _LINGER_RST)
    sock.close()


class Tracked:
    """A server whose sockets' 'error' and 'close' events are all recorded."""

    def __init__(self, server, on_socket=None):
        self.server = server
        self.closes = collections.Counter()
        self.errors = collections.defaultdict(list)
        self.closed = Counter()
        self.connected = Counter()
        self.sockets = []
        server.on('connection', self._track)
        if on_socket is not None:
            server.on('connection', on_socket)

    def _track(self, sock):
        self.sockets.append(sock)
        self.connected.add()
        sock.on('error', lambda err: self.errors[id(sock)].append(err))

        def on_close(had_error):
            self.closes[id(sock)] += 1
            self.closed.add()
        sock.on('close', on_close)

    def listen(self):
        self.server.listen(0, '127.0.0.1')
        return self.server.address()['port']

    def check_all_closed_once(self, n, timeout=10):
        self.closed.wait_for(n, timeout)
        assert len(self.sockets) == n
        assert [self.closes[id(s)] for s in self.sockets] == [1] * n
        for sock in self.sockets:
            assert len(self.errors[id(sock)]) <= 1
            assert sock.destroyed
        assert get_connections(self.server) == 0

    def check_still_serves(self):
        """A fresh connection is accepted and echoed after the faults."""
        port = self.server.address()['port']
        with tcp_connect(port) as c:
            c.sendall(b'ping')
            c.shutdown(gsocket.SHUT_WR)
            assert recv_all(c) == b'ping'


def recv_all(sock):
    out = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b''.join(out)
        out.append(chunk)


def echo(sock):
    sock.on('data', sock.write)


def test_rst_while_server_writes(baseline):
    writing = gevent.event.Event()

    def flood(sock):
        if sock.remote_port not in flooders:
            return echo(sock)
        block = b'x' * 65536

        def more():
            while not sock.destroyed and sock.write(block):
                pass
            writing.set()
        sock.on('drain', more)
        more()

    flooders = set()
    t = Tracked(gnet.create_server(), flood)
    port = t.listen()
    n = 20
    for _ in range(n):
        writing.clear()
        c = gsocket.socket()
        c.connect(('127.0.0.1', port))
        flooders.add(c.getsockname()[1])  # before the server's listener runs
        assert c.recv(1) == b'x'
        assert writing.wait(10)   # the server has data queued: write() returned False
        rst_close(c)
    t.check_all_closed_once(n)
    for sock in t.sockets:
        [err] = t.errors[id(sock)]
        assert err.code in ('ECONNRESET', 'EPIPE')
    t.check_still_serves()
    t.server.close()
    assert t.server.wait_closed(10)
    assert socket_fds() == baseline['sockets']


@pytest.mark.parametrize('style', ['event', 'blocking'])
def test_rst_while_server_reads(style):
    got_data = gevent.event.Event()
    blocking_errors = []

    def on_socket(sock):
        if style == 'event':
            sock.on('data', lambda chunk: (got_data.set(), sock.write(chunk)))
            return
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                got_data.set()
                sock.sendall(chunk)
        except OSError as exc:
            blocking_errors.append(exc)
            raise  # the handler fails: the connection is destroyed, reported

    t = Tracked(gnet.create_server(), on_socket)
    port = t.listen()
    n = 20
    for _ in range(n):
        got_data.clear()
        c = tcp_connect(port)
        c.sendall(b'half a message' * 100)
        assert got_data.wait(10)
        rst_close(c)
    t.check_all_closed_once(n)
    if style == 'event':
        for sock in t.sockets:
            [err] = t.errors[id(sock)]
            assert err.code in ('ECONNRESET', 'EPIPE')
    else:
        assert len(blocking_errors) == n
        assert all(isinstance(e, (ConnectionResetError, BrokenPipeError)) for e in blocking_errors)
    t.check_still_serves()
    t.server.close()


def test_rst_mid_proxy_header():
    proxy_errors, rejected = [], Counter()
    server = gnet.create_server({'proxyProtocol': 'v1', 'trustedProxies': '127.0.0.1'})
    server.on('proxyError', lambda err, info: (proxy_errors.append(err), rejected.add()))
    seen = []
    server.on('connection', lambda sock: (seen.append(sock), echo(sock)))
    server.listen(0, '127.0.0.1')
    port = server.address()['port']
    n = 20
    for _ in range(n):
        c = tcp_connect(port)
        c.sendall(b'PROXY TCP4 192.0.2.1 ')   # a header cut short
        rst_close(c)
    rejected.wait_for(n, 10)
    assert not seen
    assert {e.code for e in proxy_errors} <= {'ERR_PROXY_PROTOCOL_CLOSED'}
    assert get_connections(server) == 0
    # and it still serves a complete header
    with tcp_connect(port) as c:
        c.sendall(b'PROXY TCP4 192.0.2.1 192.0.2.2 1000 2000\r\nping')
        c.shutdown(gsocket.SHUT_WR)
        assert recv_all(c) == b'ping'
    server.close()
    assert server.wait_closed(10)


def _client_hello():
    """The first flight of a TLS client, as bytes."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname='localhost')
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


@pytest.fixture(scope='module')
def tls_cert(tmp_path_factory):
    import trustme
    ca = trustme.CA()
    cert = ca.issue_cert('localhost', '127.0.0.1')
    tmp = tmp_path_factory.mktemp('reliability-tls')
    key_path, cert_path = tmp / 'k.pem', tmp / 'c.pem'
    cert.private_key_pem.write_to_path(str(key_path))
    cert.cert_chain_pems[0].write_to_path(str(cert_path))
    return {'key': key_path.read_text(), 'cert': cert_path.read_text()}


@pytest.mark.parametrize('cut', ['partial_client_hello', 'after_server_hello'])
def test_rst_mid_tls_handshake(tls_cert, cut):
    server = gnet.tls.create_server(dict(tls_cert))
    client_errors, secure = [], []
    server.on('tlsClientError', lambda err, sock: client_errors.append(err))
    server.on('secureConnection', lambda sock: (secure.append(sock), echo(sock)))
    t = Tracked(server)
    port = t.listen()
    hello = _client_hello()
    n = 10
    for _ in range(n):
        c = tcp_connect(port)
        if cut == 'partial_client_hello':
            c.sendall(hello[:len(hello) // 2])
        else:
            c.sendall(hello)
            assert c.recv(5)   # the server's first flight has started
        rst_close(c)
    t.check_all_closed_once(n)
    assert not secure
    assert len(client_errors) == n
    server.close()
    assert server.wait_closed(10)


KILLED_CLIENT = r'''
import socket, sys, time
port = int(sys.argv[1])
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(100)]
for i, s in enumerate(socks):
    if i % 3 == 0:
        s.sendall(b'unfinished request')
print('ready', flush=True)
sys.stdin.readline()   # held open until SIGKILL
'''


def test_sigkilled_client_process_with_100_connections():
    def on_socket(sock):
        if sock.remote_port % 2:
            echo(sock)
            sock.write(b'greeting the client never reads' * 10)
            return
        try:  # blocking style
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                sock.sendall(chunk)
        except OSError:
            pass  # a reset: the connection ends here

    t = Tracked(gnet.create_server(), on_socket)
    port = t.listen()
    child = spawn_child(KILLED_CLIENT, argv=[str(port)])
    try:
        assert child.stdout.readline().strip() == 'ready'
        t.connected.wait_for(100, 10)
        assert get_connections(t.server) == 100
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for pipe in (child.stdin, child.stdout, child.stderr):
            pipe.close()
    t.check_all_closed_once(100)
    t.check_still_serves()
    t.server.close()
    assert t.server.wait_closed(10)
