"""``gnet.create_server()``: Node's ``net.createServer()``, its forms and its options.

One concept: the Node-form entry point to :class:`gnet.Server`, and the one
place its options are documented (the server itself is :mod:`gnet.server`;
gevent's form is ``gnet.Server(listener, handle, ...)``).
"""

from __future__ import annotations

from typing import Any

from gnet import errors
from gnet._gevent_forms import is_gevent_listener
from gnet.server import Server
from gnet.typedefs import Listener, Options

__all__ = ['create_server']


def create_server(options: Options | Listener | None = None,
                  connection_listener: Listener | None = None, **kw: Any) -> Server:
    """Node's ``net.createServer([options][, connectionListener])``: a new :class:`Server`.

    Forms: ``create_server()``, ``create_server(connection_listener)``,
    ``create_server(options)``, ``create_server(options,
    connection_listener)``, and keyword arguments in snake_case
    (``create_server(fn, allow_half_open=True)``), which override the
    dict's keys. Node's form only: an address or a socket as *options* is
    Node's ERR_INVALID_ARG_TYPE here (gevent's form is
    ``Server(listener, handle, ...)``). The server is not listening yet:
    call :meth:`gnet.Server.listen`.

    *connection_listener* ``(socket)`` is added as a listener of
    'connection'. It runs in the connection's own greenlet and may block.

    *options* (a dict with Node's camelCase keys):

    * ``allowHalfOpen`` (bool, default False): after the peer's FIN
      ('end') the socket does not end its own side; call ``end()``.
    * ``pauseOnConnect`` (bool, default False): sockets start paused
      (no 'data' until ``resume()``).
    * ``noDelay`` (bool, default False): TCP_NODELAY on each accepted socket.
    * ``keepAlive`` (bool, default False) and ``keepAliveInitialDelay``
      (**ms**, default 0): SO_KEEPALIVE on each accepted socket.
    * ``highWaterMark`` (bytes, default 16384): when ``write()`` starts
      returning False.
    * ``blockList`` (a :class:`gnet.BlockList`): a connection from a
      blocked address is closed at once, with neither 'connection' nor
      'drop' (Node >= 22.13; Node 20 has no such option).
    * ``proxyProtocol`` (``'v1'``, ``'v2'`` or ``'any'``),
      ``trustedProxies`` (addresses or CIDRs, required with it) and
      ``proxyHeaderTimeout`` (**ms**, default 3000): read a PROXY protocol
      header before 'connection' (:mod:`gnet.proxy`).

    Python additions (keywords only):

    * ``handler_class``: a ``socketserver.BaseRequestHandler`` subclass,
      served unchanged: ``handler_class(socket, address, server)`` runs
      setup/handle/finish in the connection's greenlet, then the
      connection is closed (:mod:`gnet.legacy`).
    * ``spawn``: gevent's (``'default'``, a ``gevent.pool.Pool``, a
      number for a pool of that size, or a callable).

    Raises :class:`~gnet.errors.ERR_INVALID_ARG_TYPE` (a ``TypeError``)
    when *options* is not a dict, a numeric option is not a number or
    *handler_class* is not a class, and
    :class:`~gnet.errors.ERR_INVALID_ARG_VALUE` for a bad
    ``proxyProtocol`` / ``trustedProxies``. Nothing is emitted here.
    """
    if is_gevent_listener(options):
        raise errors.ERR_INVALID_ARG_TYPE('options', 'object', options)
    return Server(options, connection_listener, **kw)
