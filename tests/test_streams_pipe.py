"""Socket.pipe()/unpipe() (gnet.socket.pipe): Node's pipe between gnet sockets of
every kind (TCP, Unix, TLS), byte-exact, with bounded buffering.

The Node-differential versions are tests/conformance/stream_pipe_*.
"""

import hashlib
import os
import subprocess
import sys
import textwrap

import gevent
import gevent.event
import pytest
import trustme

import gnet
from gnet import errors, tls
from gnet.emitter import EventEmitter
from gnet.socket import DEFAULT_HIGH_WATER_MARK, RECV_SIZE

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope='module')
def tls_options():
    ca = trustme.CA()
    issued = ca.issue_cert('127.0.0.1')
    server = {'key': issued.private_key_pem.bytes().decode(),
              'cert': ''.join(b.bytes().decode() for b in issued.cert_chain_pems)}
    return server, {'ca': ca.cert_pem.bytes().decode()}


@pytest.fixture
def kinds(tmp_path, tls_options):
    """``listen(kind, handler)`` → server; ``connect(kind, server)`` → client socket."""
    server_tls, client_tls = tls_options
    servers = []

    def listen(kind, handler):
        if kind == 'tls':
            server = tls.create_server(server_tls, handler)
        else:
            server = gnet.create_server(handler)
        ready = gevent.event.Event()
        if kind == 'unix':
            server.listen(str(tmp_path / ('s%d.sock' % len(servers))), ready.set)
        else:
            server.listen(0, '127.0.0.1', ready.set)
        assert ready.wait(5)
        servers.append(server)
        return server

    def connect(kind, server):
        if kind == 'unix':
            return gnet.connect(server.address())
        if kind == 'tls':
            return tls.connect(dict(client_tls, port=server.address()['port'], host='127.0.0.1'))
        return gnet.connect(server.address()['port'], '127.0.0.1')

    yield listen, connect
    for server in servers:
        server.close()


def collect(sock):
    """An AsyncResult set to every byte *sock* receives, at its 'close'."""
    chunks = []
    result = gevent.event.AsyncResult()
    sock.on('data', chunks.append)
    sock.on('error', result.set_exception)
    sock.on('close', lambda: result.set(b''.join(chunks)))
    return result


@pytest.mark.parametrize('kind', ['tcp', 'unix', 'tls'])
def test_pipe_to_itself_echoes_8_mib_byte_exact(kinds, kind):
    listen, connect = kinds
    payload = os.urandom(8 * 1024 * 1024)
    server = listen(kind, lambda c: c.pipe(c))
    client = connect(kind, server)
    received = collect(client)
    client.end(payload)
    data = received.get(timeout=30)
    assert len(data) == len(payload)
    assert data == payload


@pytest.mark.parametrize('source_kind,dest_kind', [('tcp', 'unix'), ('unix', 'tls'), ('tls', 'tcp')])
def test_pipe_between_kinds_moves_every_byte_and_ends_the_destination(kinds, source_kind,
                                                                       dest_kind):
    listen, connect = kinds
    payload = os.urandom(3 * 1024 * 1024 + 7)
    sunk = gevent.event.AsyncResult()
    sink = listen(dest_kind, lambda s: collect(s).rawlink(lambda r: sunk.set(r.get())))
    events = []

    def on_source(src):
        dest = connect(dest_kind, sink)
        dest.on('pipe', lambda s: events.append(('pipe', s is src)))
        dest.on('unpipe', lambda s: events.append(('unpipe', s is src)))
        assert src.pipe(dest) is dest

    source = listen(source_kind, on_source)
    client = connect(source_kind, source)
    client.end(payload)
    data = sunk.get(timeout=30)
    assert len(data) == len(payload) and data == payload
    assert events == [('pipe', True), ('unpipe', True)]  # unpiped at the destination's 'finish'


class Holder(EventEmitter):
    """A writable that accepts chunks but says it is full until drain() (any emitter
    with write/end works as a destination, as any Writable does in Node)."""

    def __init__(self):
        super().__init__()
        self.chunks = []
        self.writable_need_drain = False
        self.ended = False

    def write(self, chunk):
        self.chunks.append(chunk)
        self.writable_need_drain = True
        return False

    def end(self):
        self.ended = True

    def drain(self):
        self.writable_need_drain = False
        self.emit('drain')


def test_pipe_to_several_destinations_resumes_after_the_last_drain(kinds):
    listen, connect = kinds
    d1, d2 = Holder(), Holder()
    log = []
    done = gevent.event.Event()

    def on_source(src):
        src.pipe(d1)
        src.pipe(d2)

        def on_data(chunk):  # after both pipes wrote it: both are full now
            log.append(('data', bytes(chunk), src.is_paused()))
            d2.drain()
            log.append(('d2 drained', src.is_paused()))
            d1.drain()
            log.append(('d1 drained', src.is_paused()))
        src.on('data', on_data)
        src.on('end', lambda: (log.append(('end', d1.ended, d2.ended)), done.set()))

    source = listen('tcp', on_source)
    client = connect('tcp', source)
    client.end(b'one')
    assert done.wait(10)
    assert log == [('data', b'one', True), ('d2 drained', True), ('d1 drained', False),
                   ('end', True, True)]
    assert d1.chunks == d2.chunks == [b'one']


def test_end_false_keeps_the_destination_open(kinds):
    listen, connect = kinds
    sunk = gevent.event.AsyncResult()
    sink = listen('tcp', lambda s: collect(s).rawlink(lambda r: sunk.set(r.get())))
    states = []

    def on_source(src):
        dest = connect('tcp', sink)
        src.pipe(dest, {'end': False})

        def on_end():
            states.append(dest.writable_ended)
            dest.end(b' and more')
        src.on('end', on_end)

    source = listen('tcp', on_source)
    connect('tcp', source).end(b'hello')
    assert sunk.get(timeout=10) == b'hello and more'
    assert states == [False]


def test_destination_error_unpipes_it_and_reaches_its_own_listener(kinds):
    listen, connect = kinds
    listen_done = gevent.event.AsyncResult()
    seen = []

    def on_source(src):
        dest = connect('tcp', sink)
        src.pipe(dest)
        dest.on('error', lambda err: seen.append(('error', str(err))))
        dest.on('unpipe', lambda s: seen.append(('unpipe', s is src, src.is_paused())))
        dest.on('close', lambda: listen_done.set(seen))
        dest.destroy(RuntimeError('boom'))

    sink = listen('tcp', lambda s: None)
    source = listen('tcp', on_source)
    client = connect('tcp', source)
    assert listen_done.get(timeout=10) == [('unpipe', True, True), ('error', 'boom')]
    client.destroy()


def test_pipe_argument_errors():
    sock = gnet.Socket()
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE):
        sock.pipe(object())
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE):
        sock.pipe(gnet.Socket(), 'no')
    assert sock.unpipe() is sock  # nothing piped: nothing to do


# --- the proxy: a.pipe(b); b.pipe(a) between a fast and a slow peer ------------------

_PEERS = textwrap.dedent('''
    import hashlib, socket, sys, time
    role, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    block = bytes(range(256)) * 256  # 64 KiB, a pattern a lost or moved byte breaks
    if role == 'slow':
        listener = socket.create_server(('127.0.0.1', 0))
        print(listener.getsockname()[1], flush=True)
        conn, _ = listener.accept()
        digest, got, last = hashlib.sha256(), 0, time.monotonic()
        while True:
            data = conn.recv(4096)
            if not data:
                break
            digest.update(data)
            got += len(data)
            if got % (256 * 1024) < len(data):
                time.sleep(0.002)  # a slow reader: ~100 MB/s at most
        conn.sendall(('%d %s' % (got, digest.hexdigest())).encode())
        conn.close()
    else:
        conn = socket.create_connection(('127.0.0.1', port))
        digest, sent = hashlib.sha256(), 0
        while sent < size:
            chunk = block[:min(len(block), size - sent)]
            conn.sendall(chunk)
            digest.update(chunk)
            sent += len(chunk)
        conn.shutdown(socket.SHUT_WR)
        reply = b''
        while True:
            data = conn.recv(4096)
            if not data:
                break
            reply += data
        print(reply.decode() == '%d %s' % (size, digest.hexdigest()), reply.decode(), flush=True)
''')


def _proxy_run(size):
    slow = subprocess.Popen([sys.executable, '-c', _PEERS, 'slow', '0', '0'],
                            stdout=subprocess.PIPE, text=True)
    fast = None
    try:
        slow_port = int(slow.stdout.readline())
        peaks = {'queued': 0, 'full': 0}

        def sample(a, b):
            queued = max(a.writable_length, b.writable_length)
            peaks['queued'] = max(peaks['queued'], queued)
            peaks['full'] += a.writable_need_drain or b.writable_need_drain

        closed = gevent.event.Event()

        def on_connection(a):
            # half-open both ways: the reply travels after the request's FIN
            b = gnet.connect({'port': slow_port, 'host': '127.0.0.1', 'allowHalfOpen': True})
            a.pipe(b)
            b.pipe(a)
            a.on('data', lambda _: sample(a, b))
            b.on('data', lambda _: sample(a, b))
            a.on('close', closed.set)

        server = gnet.create_server({'allowHalfOpen': True}, on_connection)
        ready = gevent.event.Event()
        server.listen(0, '127.0.0.1', ready.set)
        assert ready.wait(5)
        fast = subprocess.Popen([sys.executable, '-c', _PEERS, 'fast',
                                 str(server.address()['port']), str(size)],
                                stdout=subprocess.PIPE, text=True)
        reader = gevent.get_hub().threadpool.spawn(fast.communicate)
        assert closed.wait(600)
        out, _ = reader.get(timeout=60)
        server.close()
        return out, peaks
    finally:
        for proc in (slow, fast):
            if proc is not None:
                proc.kill()
                proc.wait()


def _check_proxy(size):
    out, peaks = _proxy_run(size)
    assert out.startswith('True %d ' % size), out  # byte-exact, both ways
    assert peaks['full'] > 0  # the slow peer really pushed back
    # Bounded: one destination holds at most what write() got before it
    # returned False (highWaterMark) plus the read that pushed it over.
    assert peaks['queued'] <= DEFAULT_HIGH_WATER_MARK + RECV_SIZE, peaks


def test_proxy_between_fast_and_slow_peers_stays_bounded():
    _check_proxy(48 * 1024 * 1024)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_proxy_moves_1_gb_with_bounded_buffers():
    _check_proxy(1024 ** 3)
