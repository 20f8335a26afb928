"""Connection listeners that run blocking-style handlers written for other servers.

One concept lives here: adapting a handler written for another Python
server API so that it runs unchanged as a gnet connection listener —

* a ``socketserver.BaseRequestHandler`` subclass, as ``socketserver.TCPServer``
  / ``ThreadingTCPServer`` call it: ``Handler(request, client_address, server)``
  (whose ``__init__`` runs ``setup()``, ``handle()``, ``finish()``);
* a gevent ``StreamServer`` handler, ``handle(socket, address)``.

The handler receives the connection's :class:`gnet.Socket`, which speaks
Python's socket habits (``recv``, ``sendall``, ``makefile``, ``settimeout``,
``setsockopt``, ``shutdown``, ``close``, ...). As both of those servers do,
the connection is closed when the handler returns (or raises).

Why the handler runs *after* 'connection'
-----------------------------------------
The handler blocks for the whole life of the connection. If it ran as an
ordinary 'connection' listener, every listener added later (a logger, a
metrics counter, ``sock.on('close', ...)``) would only see the socket
after the handler had closed it. So the adapter queues the handler as the
connection's first task: every 'connection' listener sees a live socket
and can attach its events; then the handler runs, in the same greenlet.
An exception from the handler is the connection's failure: the socket is
destroyed and the error reported with its traceback, as ``socketserver``'s
``handle_error`` and gevent's hub both print it (on the ``gnet`` logger
when the socket has 'error' listeners, as under ``gnet serve``; else the
hub's report); the server and other connections go on.
``server.stop(timeout)`` kills handlers past the deadline with
``GreenletExit``; the socket is then destroyed and 'close' fires.

Not here: the server itself (:mod:`gnet.server`), the socket (:mod:`gnet.socket`).
"""

from __future__ import annotations

import socketserver
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Type  # Type: the reference links it to typing

if TYPE_CHECKING:  # gnet.server imports this module
    import gnet.server
    import gnet.socket

__all__ = ['request_handler_listener', 'gevent_handler_listener']


def _run_then_close(sock: gnet.socket.Socket, handler: Callable[..., object],
                    args: tuple[Any, ...]) -> None:
    """Run a blocking handler, then close the connection.

    ``close()`` flushes whatever was written, like ``socketserver``'s
    ``shutdown_request`` (SHUT_WR, then close) and gevent's ``do_close``.
    If the handler raises, the connection's driver destroys the socket
    with the error instead (its 'error' listeners, else the hub's report),
    and ``GreenletExit`` (``server.stop()``) destroys it quietly.
    """
    handler(*args)
    sock.close()


def request_handler_listener(server: gnet.server.Server, handler_class: Type[socketserver.BaseRequestHandler]
                             ) -> Callable[[gnet.socket.Socket], None]:
    """A 'connection' listener serving a socketserver request handler class.

    ``handler_class(request, client_address, server)`` is called exactly as
    ``socketserver.BaseServer.finish_request`` calls it: *request* is the
    :class:`gnet.Socket`, *client_address* the peer's address tuple (the
    path string for a Unix socket, as ``getpeername()`` gives) and *server*
    the :class:`gnet.Server`.
    """
    if not (isinstance(handler_class, type) and callable(handler_class)):
        from gnet import errors
        raise errors.ERR_INVALID_ARG_TYPE('handler_class', 'class', handler_class)

    def listener(sock: gnet.socket.Socket) -> None:
        sock._defer(_run_then_close, sock, handler_class, (sock, sock._peername(), server))
    listener.handler_class = handler_class  # type: ignore[attr-defined]
    return listener


def gevent_handler_listener(handle: Callable[[gnet.socket.Socket, Any], object]) -> Callable[[gnet.socket.Socket], None]:
    """A 'connection' listener serving a gevent ``handle(socket, address)``.

    *socket* is the :class:`gnet.Socket`, *address* the peer's address.
    The connection is closed when *handle* returns, as gevent's
    ``StreamServer`` does.
    """
    if not callable(handle):
        from gnet import errors
        raise errors.ERR_INVALID_ARG_TYPE('handle', 'function', handle)

    def listener(sock: gnet.socket.Socket) -> None:
        sock._defer(_run_then_close, sock, handle, (sock, sock._peername()))
    listener.handle = handle  # type: ignore[attr-defined]
    return listener
