"""Plain helpers for the legacy-app tests (loopback only, port 0, bounded)."""

import os

from gevent import socket as gsocket

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples')
LOCAL = '127.0.0.1'
def listen(server, servers=None):
    """listen(0, 127.0.0.1) and return the port."""
    server.listen(0, LOCAL)
    if servers is not None:
        servers.append(server)
    return server.address()['port']


def connect(port):
    """A cooperative client socket (gevent's), with a bound on every call."""
    return gsocket.create_connection((LOCAL, port), timeout=10)


def read_all(conn):
    chunks = []
    while True:
        data = conn.recv(65536)
        if not data:
            return b''.join(chunks)
        chunks.append(data)


def roundtrip(port, payload):
    with connect(port) as conn:
        conn.sendall(payload)
        conn.shutdown(gsocket.SHUT_WR)
        return read_all(conn)
