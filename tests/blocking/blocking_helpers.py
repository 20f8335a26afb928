"""The differential harness: one body, run on a gevent socket and on a gnet.Socket.

``differential(body)`` (conftest.py) runs ``body(sock, peer)`` as a
StreamServer handler — once on ``gevent.server.StreamServer`` (*sock* is a
gevent socket, the oracle) and once on ``gnet.Server`` (*sock* is a
:class:`gnet.Socket`; in gevent's form, or as a 'connection' listener of
Node's form) — where *peer* is the client end, a gevent socket in the
test's hub. It returns ``(gevent's trace, gnet's trace)``; a trace
is what the body returned, or the exception that escaped it as
``('raised', type name, errno, message)``. Bodies record each step with
:func:`attempt`, so one trace holds values, exception types, errno and
bytes.
"""

import gevent
from gevent import socket as gsocket
from gevent.event import AsyncResult

LOCAL = '127.0.0.1'

#: Seconds one body may run (on each socket).
BODY_TIMEOUT = 15


def describe(exc):
    """An exception as a trace compares it: type name, errno, message."""
    return ('raised', type(exc).__name__, getattr(exc, 'errno', None), str(exc))


def attempt(fn, *args, **kwargs):
    """``('ok', value)`` or :func:`describe` of what *fn* raised."""
    try:
        return ('ok', fn(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - the trace records it
        return describe(exc)


def read_all(sock):
    """Every byte *sock* receives until EOF (or a reset, then what came before)."""
    chunks = []
    while True:
        try:
            chunk = sock.recv(1 << 20)
        except ConnectionResetError:
            return b''.join(chunks)
        if not chunk:
            return b''.join(chunks)
        chunks.append(chunk)


def run_body(server_class, body):
    """``body(sock, peer)`` as a handler of *server_class*: its trace, and the peer."""
    outcome = AsyncResult()
    peer_box = AsyncResult()

    def handle(sock, address):
        peer = peer_box.get()
        try:
            outcome.set(body(sock, peer))
        except Exception as exc:  # noqa: BLE001 - the trace records it
            outcome.set(describe(exc))
    server = server_class((LOCAL, 0), handle)
    server.start()
    peer = gsocket.create_connection((LOCAL, server.server_port), timeout=BODY_TIMEOUT)
    try:
        peer_box.set(peer)
        with gevent.Timeout(BODY_TIMEOUT):
            return outcome.get()
    finally:
        peer.close()
        server.stop()

