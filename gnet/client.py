"""The client side: Node's ``net.connect()`` / ``net.createConnection()``.

A new :class:`gnet.Socket` made from the options (Node's ``Socket``
constructor checks), then its ``connect()``; the connecting itself
(lookup, happy eyeballs, connect(2), 'connect' then 'ready') is
:mod:`gnet.socket.connect` and :mod:`gnet.happy_eyeballs`.
"""

from __future__ import annotations

from typing import Any

from gnet.socket import Socket
from gnet.socket.connect import start_connect

__all__ = ['connect', 'create_connection']


def connect(*args: Any, **kwargs: Any) -> Socket:
    """Node's ``net.connect()``: a new :class:`Socket`, connecting.

    Forms: ``connect(port, host='localhost', callback=None)``,
    ``connect(path, callback=None)``, ``connect(options, callback=None)``.
    Options (or snake_case keywords): ``port``, ``host``, ``path``,
    ``localAddress``, ``localPort``, ``family`` (0/4/6 or 'IPv4'/'IPv6'),
    ``hints``, ``lookup(hostname, options, callback)``, ``autoSelectFamily``,
    ``autoSelectFamilyAttemptTimeout`` (ms), ``timeout`` (ms), and the
    socket options of :func:`gnet.socket.connect.init_socket_options`. *callback* is added as
    a once listener for 'connect'. Failures are emitted as 'error' then
    'close'(True), never raised; bad arguments raise (Node's errors, in
    Node's order: the socket options first).
    """
    options = args[0] if args and isinstance(args[0], dict) else {}
    socket_keys = {key: value for key, value in kwargs.items() if key != 'callback'}
    sock = Socket(options, **socket_keys)
    return start_connect(sock, args, kwargs, _socket_options_done=True)


create_connection = connect
