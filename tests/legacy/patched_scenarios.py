"""gnet under ``gevent.monkey.patch_all()``: scenarios run in a subprocess.

Run by ``test_legacy_patched.py`` as ``python patched_scenarios.py [NAME ...]``.
The first thing this program does is ``patch_all()``, as a legacy app
would; then each scenario runs in the main greenlet under a
``gevent.Timeout`` and one JSON line per scenario is printed:
``{"name": ..., "ok": bool, "error": traceback or null, "info": {...}}``.

Clients are plain stdlib code — ``threading.Thread`` with ``socket``,
``ssl``, ``queue`` — which patch_all turns into greenlets, so the whole
program is one process, one hub, no real threads. Scenarios synchronise on
events (queues, Events, listeners), never on sleeps; ``time.sleep`` appears
only as the work a legacy handler does.
"""

from gevent import monkey

monkey.patch_all()

# pylint: disable=wrong-import-position
import json
import os
import queue
import resource
import select
import socket
import socketserver
import ssl
import sys
import threading
import time
import traceback

import gevent
from gevent.event import Event

import gnet

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'examples'))
from line_server import LineHandler  # noqa: E402  (the example, unchanged)

LOCAL = '127.0.0.1'
SCENARIO_TIMEOUT = 20  # seconds; each scenario is bounded


def listen(server, backlog=None):
    if backlog is None:
        server.listen(0, LOCAL)
    else:
        server.listen(0, LOCAL, backlog)
    return server.address()['port']


def in_thread(target, *args):
    """Start a (patched) thread; its result or exception goes to the returned queue."""
    results = queue.Queue()

    def run():
        try:
            results.put(('ok', target(*args)))
        except BaseException as exc:  # reported back to the scenario
            results.put(('error', exc))
    threading.Thread(target=run, daemon=True).start()
    return results


def result(results, timeout=10):
    kind, value = results.get(timeout=timeout)
    if kind == 'error':
        raise value
    return value


def read_all(sock):
    chunks = []
    while True:
        data = sock.recv(65536)
        if not data:
            return b''.join(chunks)
        chunks.append(data)


def roundtrip(port, payload):
    """A stdlib client: send everything, half-close, read until EOF."""
    with socket.create_connection((LOCAL, port), timeout=10) as conn:
        conn.sendall(payload)
        conn.shutdown(socket.SHUT_WR)
        return read_all(conn)


SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


# --- the scenarios ------------------------------------------------------------


@scenario
def monkey_patched():
    """The process really is patched (guards every other scenario's meaning)."""
    assert monkey.is_module_patched('socket') and monkey.is_module_patched('threading')
    assert monkey.is_module_patched('time') and monkey.is_module_patched('select')
    assert monkey.is_module_patched('ssl') and monkey.is_module_patched('queue')
    assert socket.socket is gevent.socket.socket


@scenario
def unref_run_exits():
    """unref()'d servers (plain and handler_class) do not keep gnet.run() waiting.

    A patched thread talks to both first: run() waits for it (its socket
    is referenced), then returns because nothing referenced is left.
    """
    echo = gnet.create_server(lambda s: s.on('data', s.write))
    legacy = gnet.create_server(handler_class=LineHandler)
    ports = [listen(echo), listen(legacy)]
    echo.unref()
    legacy.unref()
    replies = []

    def client():
        with socket.create_connection((LOCAL, ports[0]), timeout=10) as conn:
            conn.sendall(b'ping')
            replies.append(conn.recv(4))
        replies.append(roundtrip(ports[1], b'PING\nQUIT\n'))
    threading.Thread(target=client).start()
    started = time.monotonic()
    assert gnet.run(timeout=10) is True, 'gnet.run() did not return: something is still ref()d'
    assert time.monotonic() - started < 5
    assert replies == [b'ping', b'PONG\nBYE\n'], replies
    assert echo.listening and legacy.listening
    for server in (echo, legacy):
        server.close()
        assert server.wait_closed(5)


@scenario
def echo_event_style():
    """'data' → write(), 'end' → end(); five stdlib clients, every byte checked."""
    server = gnet.create_server()

    def on_connection(sock):
        sock.on('data', sock.write)
    server.on('connection', on_connection)
    port = listen(server)
    payloads = [os.urandom(200000 + i) for i in range(5)]
    pending = [in_thread(roundtrip, port, payload) for payload in payloads]
    for payload, results in zip(payloads, pending):
        assert result(results) == payload
    server.close()
    assert server.wait_closed(5)


@scenario
def echo_blocking_stdlib():
    """A blocking handler using socket, select, threading, queue and time.sleep.

    The gnet handler proxies each line to a backend written with the stdlib
    ``socket`` module (a listening socket, a thread per connection), waits
    with ``select.select`` and logs through a ``queue.Queue``.
    """
    backend = socket.socket()
    backend.bind((LOCAL, 0))
    backend.listen(16)
    log = queue.Queue()

    def backend_conn(conn):
        with conn:
            for line in conn.makefile('rb'):
                time.sleep(0.001)
                conn.sendall(line.upper())

    def backend_accept():
        while True:
            try:
                conn, _ = backend.accept()
            except OSError:
                return
            threading.Thread(target=backend_conn, args=(conn,), daemon=True).start()
    threading.Thread(target=backend_accept, daemon=True).start()
    backend_port = backend.getsockname()[1]

    def handler(conn):
        upstream = socket.create_connection((LOCAL, backend_port), timeout=10)
        with upstream:
            upfile = upstream.makefile('rb')
            while True:
                readable, _, _ = select.select([conn], [], [], 10)
                assert readable, 'select timed out'
                data = conn.recv(65536)
                if not data:
                    break
                upstream.sendall(data)
                lines = data.count(b'\n')
                conn.sendall(b''.join(upfile.readline() for _ in range(lines)))
            log.put(('done', conn.remote_port))
        conn.end()

    server = gnet.create_server(handler)
    port = listen(server)
    payloads = [b''.join(b'line %d of client %d\n' % (n, i) for n in range(200))
                for i in range(4)]
    pending = [in_thread(roundtrip, port, payload) for payload in payloads]
    for payload, results in zip(payloads, pending):
        assert result(results) == payload.upper()
    assert sorted(log.get(timeout=5)[0] for _ in payloads) == ['done'] * 4
    server.close()
    assert server.wait_closed(5)
    backend.close()


@scenario
def ssl_in_a_gevent_handler():
    """A gevent-style handler doing TLS itself with the stdlib ssl module."""
    import trustme
    authority = trustme.CA()
    cert = authority.issue_cert('localhost')
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(server_ctx)
    client_ctx = ssl.create_default_context()
    authority.configure_trust(client_ctx)
    closed = []

    def handle(sock, address):
        tls = server_ctx.wrap_socket(sock.socket, server_side=True)
        with tls:
            stream = tls.makefile('rwb')
            for line in stream:
                stream.write(line[::-1][1:] + b'\n')
                stream.flush()

    server = gnet.Server.from_gevent_handler(handle)
    server.on('connection', lambda s: s.on('close', closed.append))
    port = listen(server)

    def client(text):
        raw = socket.create_connection((LOCAL, port), timeout=10)
        with client_ctx.wrap_socket(raw, server_hostname='localhost') as conn:
            stream = conn.makefile('rwb')
            stream.write(text + b'\n')
            stream.flush()
            return stream.readline()
    pending = [in_thread(client, b'tls line %d' % i) for i in range(3)]
    for i, results in enumerate(pending):
        assert result(results) == (b'tls line %d' % i)[::-1] + b'\n'
    server.close()
    assert server.wait_closed(5)
    assert closed == [False, False, False], closed


@scenario
def close_ordering():
    """Node's order: data, end, finish, then the server's 'close' before the socket's."""
    trace = []
    done = Event()
    server = gnet.create_server()

    def on_connection(sock):
        trace.append('connection')
        server.close(lambda *err: trace.append('server close %r' % (err,)))
        sock.on('data', lambda data: trace.append('data %r' % data))
        sock.on('end', lambda: trace.append('end'))
        sock.on('finish', lambda: trace.append('finish'))
        sock.on('close', lambda had_error: (trace.append('close %r' % had_error), done.set()))
    server.on('connection', on_connection)
    server.on('close', lambda: trace.append('server event close'))
    port = listen(server)
    assert result(in_thread(roundtrip, port, b'abc')) == b''
    assert done.wait(5)
    assert server.wait_closed(5)
    # 'server event close' was added before close(callback) was called.
    assert trace == ['connection', "data b'abc'", 'end', 'finish', 'server event close',
                     'server close ()', 'close False'], trace


@scenario
def get_connections_and_max_connections():
    """get_connections() counts handler connections; max_connections drops the rest."""
    release = threading.Event()
    reached = Event()
    drops = []
    served = []

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            served.append(self.client_address)
            if len(served) == 3:
                reached.set()
            self.request.sendall(self.request.recv(10))
            release.wait(10)

    server = gnet.create_server(handler_class=Handler)
    server.max_connections = 3
    server.on('drop', drops.append)
    port = listen(server)

    def client():
        with socket.create_connection((LOCAL, port), timeout=10) as conn:
            conn.sendall(b'hi')
            try:
                return read_all(conn)
            except ConnectionResetError:  # dropped with our b'hi' unread: RST, as in Node
                return b''
    pending = [in_thread(client) for _ in range(3)]
    assert reached.wait(10)
    extra = in_thread(client)
    assert result(extra) == b'', 'the 4th connection was not dropped'
    counts = queue.Queue()
    server.get_connections(lambda err, count: counts.put((err, count)))
    assert counts.get(timeout=5) == (None, 3)
    assert len(drops) == 1 and drops[0]['localPort'] == port, drops
    release.set()
    assert [result(r) for r in pending] == [b'hi'] * 3
    server.close()
    assert server.wait_closed(5)
    server.get_connections(lambda err, count: counts.put((err, count)))
    assert counts.get(timeout=5) == (None, 0)


@scenario
def socketserver_line_handler():
    """examples/line_server.LineHandler, served by gnet in a patched process."""
    server = gnet.create_server(handler_class=LineHandler)
    port = listen(server)
    script = b'PING\nSUM 1 2 3\nUPPER hello\nSTATS\nQUIT\nPING\n'
    pending = [in_thread(roundtrip, port, script) for _ in range(5)]
    for results in pending:
        assert result(results) == b'PONG\n6\nHELLO\nlines=4\nBYE\n'
    server.close()
    assert server.wait_closed(5)


@scenario
def gevent_stream_handler():
    """gevent's own echo-server handler (makefile, readline, write, flush), unchanged."""
    def handle(socket_, address):
        socket_.sendall(b'Welcome to the echo server! Type quit to exit.\r\n')
        rfileobj = socket_.makefile(mode='rb')
        while True:
            line = rfileobj.readline()
            if not line:
                break
            if line.strip().lower() == b'quit':
                break
            socket_.sendall(line)
        rfileobj.close()

    server = gnet.Server.from_gevent_handler(handle)
    port = listen(server)
    reply = result(in_thread(roundtrip, port, b'one\r\ntwo\r\nquit\r\nnot echoed\r\n'))
    assert reply == b'Welcome to the echo server! Type quit to exit.\r\none\r\ntwo\r\n', reply
    server.close()
    assert server.wait_closed(5)


@scenario
def stop_kills_sleeping_handlers():
    """stop(timeout): handlers in time.sleep past the deadline get GreenletExit.

    One gevent-style handler and one plain blocking connection listener;
    a third connection finishes in time. 'close' fires once for the server
    and once per socket; the clients see EOF.
    """
    entered = Event()
    outcome = []
    socket_closed = []
    server_closed = []

    def sleepy(conn, *address):
        conn.sendall(b'working\n')
        if len(outcome) == 1:
            entered.set()
        outcome.append('entered')
        try:
            time.sleep(30)
        except gevent.GreenletExit:
            outcome.append('GreenletExit')
            raise
        outcome.append('finished')

    def plain(conn):
        conn.on('close', socket_closed.append)
        if conn.remote_port == quick_port[0]:
            conn.sendall(b'quick\n')
            return conn.end()
        sleepy(conn)

    gevent_style = gnet.Server.from_gevent_handler(sleepy)
    node_style = gnet.create_server(plain)
    gevent_style.on('connection', lambda s: s.on('close', socket_closed.append))
    for server in (gevent_style, node_style):
        server.on('close', lambda server=server: server_closed.append(server))
    ports = [listen(gevent_style), listen(node_style)]
    quick_port = [None]

    def quick():
        with socket.create_connection((LOCAL, ports[1]), timeout=10) as conn:
            quick_port[0] = conn.getsockname()[1]
            conn.sendall(b'x')
            return read_all(conn)
    assert result(in_thread(quick)) == b'quick\n'
    pending = [in_thread(lambda p=p: roundtrip(p, b'')) for p in ports]
    assert entered.wait(10)
    stoppers = [gevent.spawn(server.stop, 0.2) for server in (gevent_style, node_style)]
    started = time.monotonic()
    gevent.joinall(stoppers, raise_error=True)
    elapsed = time.monotonic() - started
    assert 0.15 < elapsed < 3, elapsed
    assert [result(r) for r in pending] == [b'working\n'] * 2
    assert outcome == ['entered'] * 2 + ['GreenletExit'] * 2, outcome
    assert socket_closed == [False] * 3, socket_closed
    assert sorted(map(id, server_closed)) == sorted(map(id, (gevent_style, node_style)))
    assert gevent_style.wait_closed(0) and node_style.wait_closed(0)
    gevent_style.stop()  # again: nothing to do, no second 'close'
    assert len(server_closed) == 2


@scenario
def thousand_blocking_connections():
    """1,000 concurrent blocking-style connections, each sleeping 10 ms; every byte checked."""
    count = 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = 2 * count + 256
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))
    size = 4096
    active = [0, 0]  # now, peak

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            active[0] += 1
            active[1] = max(active)
            try:
                received = b''
                while len(received) < size:
                    data = self.request.recv(size - len(received))
                    assert data, 'client closed early'
                    received += data
                time.sleep(0.01)
                self.request.sendall(received[::-1])
            finally:
                active[0] -= 1

    server = gnet.create_server(handler_class=Handler)
    port = listen(server, backlog=2048)
    everyone = Event()  # all 1,000 connections are open at once
    connected = [0]

    def on_connection(sock):
        connected[0] += 1
        sock.on('close', lambda _: connected.__setitem__(0, connected[0] - 1))
        if connected[0] == count:
            everyone.set()
    server.on('connection', on_connection)
    replies = queue.Queue()

    def client(i):
        payload = (b'%04d' % i) * (size // 4)
        try:
            with socket.create_connection((LOCAL, port), timeout=15) as conn:
                everyone.wait(15)
                conn.sendall(payload)
                got = read_all(conn)
            replies.put((i, got == payload[::-1], len(got)))
        except Exception as exc:  # reported below
            replies.put((i, False, repr(exc)))
    for i in range(count):
        threading.Thread(target=client, args=(i,), daemon=True).start()
    assert everyone.wait(15), 'only %d connections at once' % connected[0]
    started = time.monotonic()
    outcomes = [replies.get(timeout=15) for _ in range(count)]
    elapsed = time.monotonic() - started
    bad = [o for o in outcomes if not o[1]]
    assert not bad, bad[:5]
    assert sorted(o[0] for o in outcomes) == list(range(count))
    # 1,000 handlers sleeping 10 ms one after another would take >= 10 s.
    assert elapsed < 8, elapsed
    assert active[1] == count, 'handlers did not all run at once: peak %d' % active[1]
    server.close()
    assert server.wait_closed(10)
    return {'seconds_after_all_connected': round(elapsed, 2),
            'peak_concurrent_handlers': active[1]}


def main(names):
    names = names or list(SCENARIOS)
    for name in names:
        report = {'name': name, 'ok': False, 'error': None, 'info': None}
        try:
            with gevent.Timeout(SCENARIO_TIMEOUT, AssertionError("scenario timed out"), ref=False):
                report['info'] = SCENARIOS[name]()
            report['ok'] = True
        except BaseException:  # every failure is reported, then the next scenario runs
            report['error'] = traceback.format_exc()
        print(json.dumps(report), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
