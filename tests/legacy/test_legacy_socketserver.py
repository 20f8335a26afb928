"""socketserver request handlers served unchanged: create_server(handler_class=H)."""

import socketserver
import threading

import gevent
import pytest
from gevent.event import Event

import gnet
from gnet.socket import Socket

from legacy_helpers import LOCAL, connect, listen, read_all, roundtrip


def test_stream_handler_calls_setup_handle_finish_in_order(servers):
    calls = []

    class Handler(socketserver.StreamRequestHandler):
        def setup(self):
            calls.append('setup')
            super().setup()

        def handle(self):
            calls.append(('handle', type(self.request), self.client_address,
                          self.server is server))
            for line in self.rfile:
                self.wfile.write(line.upper())

        def finish(self):
            calls.append('finish')
            super().finish()

    server = gnet.create_server(handler_class=Handler)
    port = listen(server, servers)
    with connect(port) as conn:
        conn.sendall(b'abc\ndef\n')
        conn.shutdown(2 - 1)  # SHUT_WR
        assert read_all(conn) == b'ABC\nDEF\n'
        address = conn.getsockname()
    assert calls == ['setup', ('handle', Socket, address, True), 'finish']


def test_base_handler_uses_request_recv_and_sendall(servers):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            while True:
                data = self.request.recv(1024)
                if not data:
                    return
                self.request.sendall(data[::-1])

    server = gnet.create_server(handler_class=Handler)
    port = listen(server, servers)
    assert roundtrip(port, b'0123456789') == b'9876543210'


def test_connection_is_closed_when_handle_returns(servers):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            self.wfile.write(b'hello\n')  # and return without reading

    server = gnet.create_server(handler_class=Handler)
    port = listen(server, servers)
    with connect(port) as conn:
        assert read_all(conn) == b'hello\n'


def test_handler_attributes_socketserver_sets(servers):
    seen = {}

    class Handler(socketserver.StreamRequestHandler):
        timeout = 5
        disable_nagle_algorithm = True
        wbufsize = 0  # socketserver's _SocketWriter over request.sendall

        def handle(self):
            import socket
            seen['nodelay'] = self.connection.getsockopt(socket.IPPROTO_TCP,
                                                         socket.TCP_NODELAY)
            seen['timeout'] = self.request.gettimeout()
            seen['connection'] = self.connection is self.request
            self.wfile.write(self.rfile.readline())

    server = gnet.create_server(handler_class=Handler)
    port = listen(server, servers)
    assert roundtrip(port, b'line\n') == b'line\n'
    assert seen == {'nodelay': 1, 'timeout': 5, 'connection': True}


def test_handler_timeout_raises_socket_timeout_in_readline(servers):
    outcome = []

    class Handler(socketserver.StreamRequestHandler):
        timeout = 0.05

        def handle(self):
            try:
                self.rfile.readline()
            except TimeoutError:  # socket.timeout
                outcome.append('timeout')
                self.wfile.write(b'too slow\n')

    server = gnet.create_server(handler_class=Handler)
    port = listen(server, servers)
    with connect(port) as conn:  # sends nothing
        assert read_all(conn) == b'too slow\n'
    assert outcome == ['timeout']


def test_node_events_see_a_live_socket_before_the_handler_runs(servers):
    """'connection' listeners run first; the socket's 'close' follows the handler."""
    trace = []
    closed = Event()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            trace.append('handle')
            self.request.sendall(self.request.recv(10))

    server = gnet.create_server(handler_class=Handler)

    def on_connection(sock):
        trace.append(('connection', sock.destroyed, sock.remote_address))
        sock.on('close', lambda had_error: (trace.append(('close', had_error)), closed.set()))
    server.on('connection', on_connection)
    server.on('listening', lambda: trace.append('listening'))
    port = listen(server, servers)
    assert roundtrip(port, b'ping') == b'ping'
    assert closed.wait(5)
    assert trace == ['listening', ('connection', False, LOCAL), 'handle', ('close', False)]


def test_get_connections_max_connections_and_drop(servers):
    release = Event()
    entered = []

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            entered.append(self.client_address)
            self.request.sendall(b'in\n')
            release.wait(10)

    server = gnet.create_server(handler_class=Handler)
    server.max_connections = 2
    drops = []
    server.on('drop', drops.append)
    port = listen(server, servers)
    clients = [connect(port) for _ in range(2)]
    assert [c.recv(3) for c in clients] == [b'in\n'] * 2
    counts = []
    done = Event()
    server.get_connections(lambda err, n: (counts.append((err, n)), done.set()))
    assert done.wait(5) and counts == [(None, 2)]
    dropped = Event()
    server.once('drop', lambda data: dropped.set())
    with connect(port) as third:
        third_port = third.getsockname()[1]
        assert dropped.wait(5)
        assert read_all(third) == b''
    assert len(entered) == 2
    assert len(drops) == 1 and drops[0]['remotePort'] == third_port, drops
    release.set()
    for c in clients:
        assert read_all(c) == b''
        c.close()
    server.close()
    assert server.wait_closed(5)


def test_close_waits_for_running_handlers(servers):
    release = Event()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.sendall(b'busy\n')
            release.wait(10)
            self.request.sendall(b'done\n')

    server = gnet.create_server(handler_class=Handler)
    port = listen(server, servers)
    conn = connect(port)
    assert conn.recv(5) == b'busy\n'
    closed = []
    server.close(lambda *err: closed.append(err))
    assert server.wait_closed(0.05) is False  # the handler is still running
    assert closed == [] and not server.listening
    release.set()
    assert server.wait_closed(5) is True
    assert closed == [()]
    assert read_all(conn) == b'done\n'
    conn.close()


def test_unref_server_with_handler_class_does_not_keep_run_waiting():
    """Run in a child: gnet.run() in-process would also wait for other tests' watchers."""
    import subprocess
    import sys
    code = '''if True:
        import socketserver, gevent, gnet
        from gevent import socket
        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                self.request.sendall(self.request.recv(10).upper())
        server = gnet.create_server(handler_class=Handler).listen(0, "127.0.0.1").unref()
        port = server.address()["port"]
        def client():
            with socket.create_connection(("127.0.0.1", port)) as c:
                c.sendall(b"abc")
                print(c.recv(10))
        gevent.spawn(client)
        print(gnet.run(timeout=10), server.listening)
    '''
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                          timeout=30, check=False)
    assert proc.stdout.split('\n')[:2] == ["b'ABC'", 'True True'], proc.stdout + proc.stderr


def test_handler_exception_fails_only_its_connection(servers, capsys):
    errors_seen = []

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline()
            if line == b'boom\n':
                raise ValueError('boom')
            self.wfile.write(b'ok\n')

    server = gnet.create_server(handler_class=Handler)
    server.on('connection', lambda s: s.on('error', errors_seen.append))
    port = listen(server, servers)
    assert roundtrip(port, b'boom\n') == b''
    assert roundtrip(port, b'fine\n') == b'ok\n'
    assert [str(e) for e in errors_seen] == ['boom']
    assert server.listening


def test_line_server_handler_is_unchanged_under_threading_tcp_server(examples_path, servers):
    """The example's LineHandler gives the same transcript on both servers."""
    from line_server import LineHandler
    script = b'PING\nECHO a b\nUPPER xyz\nSUM 4 5 6\nSUM x\nSTATS\nNOPE\nQUIT\nPING\n'
    expected = (b'PONG\na b\nXYZ\n15\nERR not a number\nlines=6\nERR unknown command\n'
                b'BYE\n')

    # socketserver.ThreadingTCPServer: real threads, blocking stdlib client.
    import socket
    stdlib = socketserver.ThreadingTCPServer((LOCAL, 0), LineHandler)
    stdlib.daemon_threads = True
    thread = threading.Thread(target=stdlib.serve_forever, kwargs={'poll_interval': 0.05})
    thread.start()
    try:
        with socket.create_connection(stdlib.server_address, timeout=10) as conn:
            conn.sendall(script)
            conn.shutdown(socket.SHUT_WR)
            stdlib_reply = read_all(conn)
    finally:
        stdlib.shutdown()
        stdlib.server_close()
        thread.join(10)
    assert stdlib_reply == expected

    server = gnet.create_server(handler_class=LineHandler)
    port = listen(server, servers)
    replies = gevent.joinall([gevent.spawn(roundtrip, port, script) for _ in range(10)],
                             raise_error=True, timeout=10)
    assert [g.value for g in replies] == [expected] * 10


def test_handler_class_must_be_a_class():
    with pytest.raises(TypeError):
        gnet.create_server(handler_class=lambda *a: None)
