"""Node's stream counters and modes on gnet.Socket: writable_length counted
per whole write, cork()'s single send, readable_length of a paused socket,
read() in and out of paused-readable mode, closed/errored.

The Node-differential versions are tests/conformance/stream_* (their
values that depend on timing are checked here by their stable part).
"""

import os
import subprocess
import sys
import textwrap

import gevent
import gevent.event
import gevent.socket
import pytest

import gnet
from gnet import errors

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def pair():
    """``pair(on_server_socket)`` → the client socket (a plain gevent socket)."""
    servers, clients = [], []

    def make(handler, options=None):
        server = gnet.create_server(options or {}, handler)
        ready = gevent.event.Event()
        server.listen(0, '127.0.0.1', ready.set)
        assert ready.wait(5)
        servers.append(server)
        client = gevent.socket.create_connection(('127.0.0.1', server.address()['port']))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    for server in servers:
        server.close()


def in_connection(pair, body, options=None, timeout=10):
    """Run body(sock, client) in a greenlet of its own (the connection's
    driver stays free to emit) once connected; its result or exception."""
    result = gevent.event.AsyncResult()
    client = []

    def run(sock):
        try:
            result.set(body(sock, client[0]))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result.set_exception(exc)

    client.append(pair(lambda sock: gevent.spawn(run, sock), options))
    return result.get(timeout=timeout)


def test_writable_length_counts_a_big_write_whole_until_the_kernel_took_it(pair):
    def body(sock, _client):
        big = b'x' * (8 * 1024 * 1024)
        assert sock.write(big) is False
        assert sock.write(b'tail') is False
        # Node: the whole queue, though the kernel already took part of the first
        assert sock.writable_length == sock.buffer_size == len(big) + 4
        assert sock.writableLength == len(big) + 4
        assert sock.writable_need_drain is True
        sock.destroy()
        return True

    assert in_connection(pair, body)


def test_readable_length_counts_what_a_paused_socket_buffered(pair):
    def body(sock, client):
        sock.pause()
        client.sendall(b'abc')
        for _ in range(100000):
            if sock.readable_length:
                break
            gevent.sleep(0)
        return sock.readable_length, sock.readableLength, sock.is_paused(), \
            sock.readable_high_water_mark

    assert in_connection(pair, body) == (3, 3, True, 16384)


def test_pause_on_connect_reads_nothing_until_resumed(pair):
    def body(sock, client):
        client.sendall(b'abc')
        ticks = 0
        while ticks < 200:  # bounded: the bytes stay in the kernel
            gevent.sleep(0)
            ticks += 1
        before = sock.readable_length
        sock.resume()
        seen = gevent.event.AsyncResult()
        sock.on('data', seen.set)
        return before, seen.get(timeout=5)

    assert in_connection(pair, body, {'pauseOnConnect': True}) == (0, b'abc')


def test_read_without_a_readable_listener_is_the_blocking_read(pair):
    def body(sock, client):
        gevent.spawn_later(0.01, client.sendall, b'hello')
        first = sock.read(5)  # blocks for all five bytes
        client.sendall(b'world')
        client.shutdown(2)
        return first, sock.read()  # until EOF

    assert in_connection(pair, body) == (b'hello', b'world')


def test_read_with_a_readable_listener_never_blocks_and_leaving_the_mode_restores_blocking(pair):
    def body(sock, client):
        readable = gevent.event.Event()
        listener = lambda: readable.set()  # noqa: E731
        sock.on('readable', listener)
        assert sock.read() is None  # nothing buffered: None at once
        assert sock.read(3) is None
        client.sendall(b'abc')
        assert readable.wait(5)
        got = sock.read()
        sock.off('readable', listener)
        gevent.sleep(0)  # (Node leaves the mode on the next tick)
        client.sendall(b'defg')
        return got, sock.read(4)

    assert in_connection(pair, body) == (b'abc', b'defg')


def test_read_argument_checked_in_paused_readable_mode(pair):
    def body(sock, _client):
        sock.on('readable', lambda: None)
        with pytest.raises(errors.ERR_INVALID_ARG_TYPE):
            sock.read('3')
        return True

    assert in_connection(pair, body)


def test_closed_and_errored(pair):
    def body(sock, _client):
        before = (sock.closed, sock.errored)
        err = RuntimeError('boom')
        sock.on('error', lambda e: None)
        sock.destroy(err)
        return before, sock.closed, sock.errored is err

    assert in_connection(pair, body) == ((False, None), True, True)


_CORK = textwrap.dedent('''
    import socket, sys
    sys.path.insert(0, sys.argv[1])
    import gevent, gnet
    server = gnet.create_server(lambda s: s.on('data', lambda d: None))
    server.listen(0, '127.0.0.1')
    gevent.sleep(0.01)
    raw = socket.create_connection(('127.0.0.1', server.address()['port']))
    sock = gnet.Socket({'fd': raw.detach()})
    corked = sys.argv[2] == 'cork'
    sys.stderr.write('MARK-START\\n'); sys.stderr.flush()
    if corked:
        sock.cork()
    for i in range(100):
        sock.write(b'%03d' % i)
    if corked:
        sock.uncork()
    sys.stderr.write('MARK-END\\n'); sys.stderr.flush()
''')


def _sends(mode):
    """Send syscalls between the marks, counted by strace."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run(['strace', '-f', '-e', 'trace=sendto,sendmsg,write',
                           sys.executable, '-c', _CORK, root, mode],
                          capture_output=True, text=True, timeout=30, check=True)
    trace = proc.stderr
    between = trace[trace.index('MARK-START'):trace.index('MARK-END')]
    return sum(1 for line in between.splitlines()
               if line.lstrip('[pid 0123456789]').startswith(('sendto(', 'sendmsg(')))


def test_corked_writes_leave_in_one_send():
    assert _sends('plain') == 100  # one send() per write: the comparison
    assert _sends('cork') == 1     # one sendmsg() for the hundred


def test_readable_mode_on_a_tls_socket(tmp_path):
    import trustme
    from gnet import tls
    ca = trustme.CA()
    issued = ca.issue_cert('127.0.0.1')
    options = {'key': issued.private_key_pem.bytes().decode(),
               'cert': ''.join(b.bytes().decode() for b in issued.cert_chain_pems)}
    got = gevent.event.AsyncResult()

    def on_connection(sock):
        chunks = []

        def on_readable():
            while True:
                chunk = sock.read()
                if chunk is None:
                    break
                chunks.append(chunk)
        sock.on('readable', on_readable)
        sock.on('end', lambda: got.set(b''.join(chunks)))

    server = tls.create_server(options, on_connection)
    ready = gevent.event.Event()
    server.listen(0, '127.0.0.1', ready.set)
    assert ready.wait(5)
    client = tls.connect({'port': server.address()['port'], 'host': '127.0.0.1',
                          'ca': ca.cert_pem.bytes().decode()})
    payload = os.urandom(100000)
    client.end(payload)
    try:
        assert got.get(timeout=10) == payload
    finally:
        server.close()
