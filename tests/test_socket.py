"""gnet.Socket on the server side: blocking style, Node style, failures, registry."""

import hashlib
import json
import os
import resource
import socket
import subprocess
import sys

import gevent
import pytest
from gevent import socket as gsocket
from gevent.event import Event

import gnet
from gnet.socket import ReadModeError


def serve(listener, options=None):
    server = gnet.create_server(options, listener).listen(0, '127.0.0.1')
    return server, server.address()['port']


def raw_client(port):
    return gsocket.create_connection(('127.0.0.1', port))


def read_all(conn):
    """Everything until EOF; a reset (destroy() with unread data) ends it too."""
    chunks = []
    while True:
        try:
            chunk = conn.recv(65536)
        except ConnectionResetError:
            chunk = b''
        if not chunk:
            return b''.join(chunks)
        chunks.append(chunk)


# --- blocking style -----------------------------------------------------------

def test_blocking_style_calls():
    seen = {}

    def handler(sock):
        seen['socket'] = sock.socket
        seen['fileno'] = sock.fileno()
        seen['peer'] = sock.getpeername()
        seen['name'] = sock.getsockname()
        seen['recv'] = sock.recv(3)
        buf = bytearray(2)
        seen['recv_into'] = (sock.recv_into(buf), bytes(buf))
        seen['read'] = sock.read(4)
        seen['readline'] = sock.readline()
        f = sock.makefile('rb')
        seen['lines'] = [line for line in f]
        sock.sendall(b'done')
        sock.shutdown(socket.SHUT_WR)

    server, port = serve(handler)
    conn = raw_client(port)
    conn.sendall(b'abcdefghij\nline1\nline2\n')
    conn.shutdown(socket.SHUT_WR)
    assert read_all(conn) == b'done'
    conn.close()
    server.close()
    assert server.wait_closed(10)
    assert isinstance(seen['socket'], gsocket.socket)
    assert seen['fileno'] > 0
    assert seen['peer'][0] == '127.0.0.1' and seen['name'] == ('127.0.0.1', port)
    assert seen['recv'] == b'abc'
    assert seen['recv_into'] == (2, b'de')
    assert seen['read'] == b'fghi'
    assert seen['readline'] == b'j\n'
    assert seen['lines'] == [b'line1\n', b'line2\n']


def test_iteration_and_settimeout_raise_socket_timeout():
    result = {}
    timed_out = Event()

    def handler(sock):
        sock.settimeout(0.05)
        try:
            sock.recv(1)
        except socket.timeout:
            result['timeout'] = True
        timed_out.set()
        sock.settimeout(None)
        result['iter'] = b''.join(sock)
        sock.end()

    server, port = serve(handler)
    conn = raw_client(port)
    assert timed_out.wait(10)
    conn.sendall(b'one')
    conn.sendall(b'two')
    conn.shutdown(socket.SHUT_WR)
    assert read_all(conn) == b''
    assert result == {'timeout': True, 'iter': b'onetwo'}
    conn.close()
    server.close()
    assert server.wait_closed(10)


def test_blocking_read_in_flowing_mode_is_a_clear_error():
    result = {}

    def handler(sock):
        sock.on('data', lambda d: None)
        for call in (lambda: sock.recv(1), lambda: sock.read(1), lambda: sock.readline()):
            try:
                call()
            except ReadModeError as exc:
                result.setdefault('errors', []).append(str(exc))
        sock.pause()
        sock.destroy()

    server, port = serve(handler)
    conn = raw_client(port)
    assert read_all(conn) == b''
    server.close()
    assert server.wait_closed(10)
    assert len(result['errors']) == 3
    assert 'flowing mode' in result['errors'][0] and 'pause()' in result['errors'][0]


# --- Node style ---------------------------------------------------------------------

def test_camel_case_aliases_exist():
    for camel in ('setEncoding', 'setTimeout', 'setNoDelay', 'setKeepAlive', 'isPaused',
                  'destroySoon', 'resetAndDestroy', 'remoteAddress', 'remotePort', 'remoteFamily',
                  'localAddress', 'localPort', 'localFamily', 'bytesRead', 'bytesWritten',
                  'readyState', 'writableLength', 'readableLength', 'allowHalfOpen'):
        assert hasattr(gnet.Socket, camel), camel


def test_pause_gives_real_backpressure_to_the_client():
    paused = Event()
    holder = {}

    def handler(sock):
        holder['sock'] = sock
        sock.pause()
        paused.set()

    server, port = serve(handler)
    client = gnet.connect(port, '127.0.0.1')
    chunk = b'x' * 65536
    filled = Event()

    def fill():
        paused.wait(10)
        # write() tries the kernel first, so False means the kernel's
        # buffers on both sides are full: the server really stopped reading.
        while client.write(chunk):
            pass
        filled.set()
    client.once('connect', fill)
    assert filled.wait(10)
    # The server reads nothing: the client's queue stays, then drains on resume.
    drained = Event()
    client.once('drain', drained.set)
    assert client.writable_length > 0
    received = [0]
    holder['sock'].on('data', lambda d: received.__setitem__(0, received[0] + len(d)))
    holder['sock'].resume()
    assert drained.wait(10)
    client.destroy()
    server.close()
    assert server.wait_closed(10)


def test_exceptions_destroy_only_their_connection(capsys):
    closes = []
    kinds = iter(['listener', 'data', 'callback', 'ok'])

    def handler(sock):
        kind = next(kinds)
        sock.on('close', lambda had_error: closes.append((kind, had_error)))
        if kind == 'listener':
            raise ValueError('in the listener')
        if kind == 'data':
            sock.on('data', lambda d: 1 / 0)
        if kind == 'callback':
            sock.write(b'x', lambda err: [][1])
        if kind == 'ok':
            sock.on('data', sock.write)

    server, port = serve(handler)
    for _ in range(3):
        conn = raw_client(port)
        conn.sendall(b'hi')
        read_all(conn)
        conn.close()
    conn = raw_client(port)
    conn.sendall(b'still serving')
    assert conn.recv(100) == b'still serving'
    conn.close()
    server.close()
    assert server.wait_closed(10)
    assert sorted(closes) == sorted([('listener', True), ('data', True), ('callback', True), ('ok', False)])
    err = capsys.readouterr().err
    assert 'in the listener' in err and 'ZeroDivisionError' in err and 'IndexError' in err


def test_exception_goes_to_error_listener_when_there_is_one():
    events = []

    def handler(sock):
        sock.on('error', lambda e: events.append(('error', type(e).__name__)))
        sock.on('close', lambda had_error: events.append(('close', had_error)))
        raise KeyError('x')

    server, port = serve(handler)
    conn = raw_client(port)
    read_all(conn)
    server.close()
    assert server.wait_closed(10)
    assert events == [('error', 'KeyError'), ('close', True)]


@pytest.mark.parametrize('how', ['reset', 'destroy', 'timeout', 'end', 'exception'])
def test_registry_counts_each_dead_socket_out_once(how):
    order = []

    def handler(sock):
        server.close()  # 'close' waits for this connection, whichever way it dies
        sock.on('close', lambda *a: order.append('socket close'))
        if how == 'destroy':
            sock.destroy(Exception('boom'))
            sock.on('error', lambda e: None)
        elif how == 'timeout':
            sock.set_timeout(10, lambda: sock.destroy())
        elif how == 'exception':
            sock.on('data', lambda d: 1 / 0)
        elif how == 'end':
            sock.resume()  # (unread data would keep 'end' back, as in Node)
        elif how == 'reset':
            sock.on('error', lambda e: None)
            sock.on('data', lambda d: None)

    server, port = serve(handler)
    server.on('close', lambda: order.append('server close'))
    conn = socket.create_connection(('127.0.0.1', port))
    if how == 'reset':
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
        conn.close()
    elif how in ('end', 'exception'):
        conn.sendall(b'x')
        conn.shutdown(socket.SHUT_WR)
    assert server.wait_closed(10)
    counts = []
    server.get_connections(lambda err, n: counts.append(n))
    gevent.sleep(0)
    gnet.run(5)
    assert counts == [0]
    assert order == ['server close', 'socket close']
    conn.close()


_PAUSED_SOCKET_KEEPS_THE_HUB = r"""
import json
import gnet

holder = []

def handler(sock):
    sock.pause()
    server.close()
    sock.unref()
    holder.append(sock)

server = gnet.create_server(handler).listen(0, '127.0.0.1')
client = gnet.connect(server.address()['port'], '127.0.0.1')
client.unref()
results = [gnet.run(10)]                   # everything unref'd: the loop runs empty
results.append(bool(holder) and not holder[0].destroyed)
holder[0].ref()
results.append(gnet.run(0.05))             # a ref'd, paused socket keeps the hub
holder[0].destroy()
client.destroy()
results.append(gnet.run(10))
print(json.dumps(results))
"""


def test_run_stays_alive_for_a_paused_socket_until_unref():
    # In a child process: gnet.run() answers for the whole hub, which the
    # other tests of this worker process share.
    out = subprocess.run([sys.executable, '-c', _PAUSED_SOCKET_KEEPS_THE_HUB],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [True, True, False, True]


# --- big transfers and many connections -----------------------------------------------------

SIZE = 64 * 1024 * 1024


def _slow_reader_transfer(port, stats):
    """Send 64 MiB with gnet's client (event style), read it back slowly."""
    payload = os.urandom(1 << 20)
    sent = hashlib.sha256()
    got = hashlib.sha256()
    received = [0]
    done = Event()
    client = gnet.connect(port, '127.0.0.1')
    client.set_no_delay()
    chunks = iter(range(SIZE // len(payload)))

    def pump():
        for _ in chunks:
            sent.update(payload)
            if not client.write(payload):
                stats['client write false'] = stats.get('client write false', 0) + 1
                return
        client.end()
    client.on('drain', lambda: (stats.__setitem__('client drain', True), pump()))
    client.on('connect', pump)

    def on_data(data):
        got.update(data)
        received[0] += len(data)
        client.pause()  # a slow reader: yield a turn before reading on
        gevent.get_hub().loop.run_callback(client.resume)
    client.on('data', on_data)
    client.on('close', lambda *a: done.set())
    assert done.wait(50)
    assert received[0] == SIZE
    assert got.hexdigest() == sent.hexdigest()


def test_64_mib_through_event_style_echo_with_slow_reader():
    stats = {}

    def handler(sock):
        def on_data(data):
            if not sock.write(data):
                stats['server write false'] = True
                sock.pause()
        sock.on('data', on_data)
        sock.on('drain', lambda: (stats.__setitem__('server drain', True), sock.resume()))

    server, port = serve(handler)
    _slow_reader_transfer(port, stats)
    server.close()
    assert server.wait_closed(10)
    assert stats['server write false'] and stats['server drain']
    assert stats['client write false'] and stats['client drain']


def test_64_mib_through_blocking_style_echo_with_slow_reader():
    stats = {}

    def handler(sock):
        for chunk in sock:
            sock.sendall(chunk)
        sock.end()

    server, port = serve(handler)
    _slow_reader_transfer(port, stats)
    server.close()
    assert server.wait_closed(10)
    assert stats['client write false'] and stats['client drain']


def test_1000_concurrent_connections_echo_every_byte():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
    server, port = serve(lambda sock: sock.on('data', sock.write))
    results = {}
    done = Event()

    def one(i):
        payload = b'%d:' % i * 50
        got = []
        c = gnet.connect(port, '127.0.0.1', lambda: c.end(payload))

        def on_close(*a):
            results[i] = b''.join(got) == payload
            if len(results) == 1000:
                done.set()
        c.on('data', got.append)
        c.on('close', on_close)
    for i in range(1000):
        one(i)
    assert done.wait(40)
    assert all(results.values())
    server.close()
    assert server.wait_closed(10)


def test_sendall_after_queued_writes_from_the_listener_keeps_order():
    """sendall() in the connection listener, behind write()s the kernel did not take."""
    big = hashlib.sha256(b'gnet').digest() * (1 << 17)  # 4 MiB: more than the socket buffers
    received = []
    done = Event()

    def on_connection(sock):
        sock.write(big)
        assert sock.writable_length > 0  # queued: sendall must wait behind it
        sock.sendall(b'tail')
        sock.end()

    server = gnet.create_server(on_connection).listen(0, '127.0.0.1')
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    client.on('data', received.append)
    client.on('end', done.set)
    assert done.wait(20)
    assert b''.join(received) == big + b'tail'
    client.destroy()
    server.close()
