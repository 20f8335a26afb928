"""The client side: Node's ``net.connect()`` / ``net.createConnection()``.

A new :class:`gnet.Socket`, then its ``connect()``; the connecting itself
(lookup, connect(2), 'connect' then 'ready', in the socket's driver
greenlet) is :mod:`gnet.socket.connect`.
"""

from gnet.socket import Socket

__all__ = ['connect', 'create_connection']


def connect(*args, **kwargs):
    """Node's ``net.connect()``: a new :class:`Socket`, connecting.

    Forms: ``connect(port, host='localhost', callback=None)``,
    ``connect(path, callback=None)``, ``connect(options, callback=None)``
    with options ``port``, ``host``, ``path``, ``localAddress``,
    ``localPort``, ``family``, ``timeout``, ``noDelay``, ``keepAlive``,
    ``keepAliveInitialDelay``, ``allowHalfOpen``, ``highWaterMark``.
    *callback* is added as a once listener for 'connect'. Failures are
    emitted as 'error' then 'close'(True), never raised; bad arguments raise.
    """
    options = args[0] if args and isinstance(args[0], dict) else {}
    sock = Socket({key: options[key] for key in ('allowHalfOpen', 'highWaterMark')
                   if key in options})
    return sock.connect(*args, **kwargs)


create_connection = connect
