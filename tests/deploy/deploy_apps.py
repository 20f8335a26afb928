"""Connection listeners the deployment tests serve in child processes.

``hello`` answers each connection at once with one JSON line saying which
process took it and whom it sees (after a PROXY header, the original
client), then echoes — so a test learns the worker pid and the remote
address without a protocol of its own.
"""

import json
import os


def hello(sock):
    info = {'pid': os.getpid(), 'remote_address': sock.remote_address,
            'remote_port': sock.remote_port, 'remote_family': sock.remote_family,
            'proxy_address': sock.proxy_address}
    sock.write(json.dumps(info).encode() + b'\n')
    sock.on('data', sock.write)


def make_server():
    """A factory (no arguments) returning a configured Server."""
    import gnet
    return gnet.create_server({'allowHalfOpen': False}, hello)


# --- the other TARGET forms (each answers one line saying which form served it) ------------

import socketserver  # noqa: E402


class Upper(socketserver.BaseRequestHandler):
    """A socketserver handler: reads one line, answers it upper-cased."""

    def handle(self):
        line = self.request.makefile('rb').readline()
        self.request.sendall(b'handler ' + line.upper())


def gevent_handle(socket, address):
    """A gevent StreamServer handler: (socket, address)."""
    socket.sendall(('gevent %s\n' % address[0]).encode())


def listener_with_default(sock=None):
    """A connection listener whose argument has a default: still a listener."""
    sock.end(b'default-arg listener\n')


def make_listening_server():
    """A factory that calls listen() itself (port 0 on 127.0.0.1)."""
    import gnet
    server = gnet.create_server(lambda sock: sock.end(b'self-listening factory\n'))
    server.listen(0, '127.0.0.1')
    return server


def buggy(sock):
    """A listener with a bug: the 'data' listener raises (its traceback must be logged)."""
    def on_data(chunk):
        sock.write(b'got ' + chunk)
        raise_the_bug(chunk)
    sock.on('data', on_data)


def raise_the_bug(chunk):
    raise KeyError('bug in user code: %r' % chunk)


def buggy_connection(sock):
    """A connection listener that raises at once."""
    raise ValueError('bug in the connection listener')


def limits(sock):
    """One JSON line: the pid and the serving server's maxConnections, then echo."""
    info = {'pid': os.getpid(), 'max_connections': sock.server.max_connections}
    sock.write(json.dumps(info).encode() + b'\n')
    sock.on('data', sock.write)


def make_server_with_buggy_close():
    """A factory whose server's 'close' listener raises (a server-level bug)."""
    import gnet
    server = gnet.create_server(hello)

    def on_close():
        raise RuntimeError('bug in a close listener')
    server.on('close', on_close)
    return server


class BrokenHandler(socketserver.BaseRequestHandler):
    """A socketserver handler with a bug."""

    def handle(self):
        self.request.sendall(b'about to fail\n')
        {}['missing key in handle']
