"""The types gnet's public API is annotated with: Node's object shapes.

One concept: names for the values that cross the public API, so that the
annotations of :class:`gnet.Server`, :class:`gnet.Socket` and
:mod:`gnet.tls` read as Node's documentation does, and so that a user's
own code can say the same (``def on_drop(data: gnet.typedefs.DropInfo)``).
Nothing here exists at run time beyond plain aliases and ``TypedDict``
classes; no behaviour lives here.

JavaScript objects become dicts with Node's camelCase keys; option
objects are typed as ``Mapping[str, Any]`` because Node's options are
heterogeneous (each key has its own type, documented with the function
that takes it) and unknown keys are ignored, as in Node.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypedDict, Union

__all__ = ['Listener', 'Options', 'Data', 'AddressInfo', 'DropInfo']

#: A listener or callback. JavaScript's arity rule applies: it may accept
#: fewer positional arguments than its event passes (see
#: :class:`gnet.EventEmitter`), so no fixed signature is required.
Listener = Callable[..., object]

#: Node's options object: camelCase keys (``{'allowHalfOpen': True}``).
Options = Mapping[str, Any]

#: What ``write()`` and ``end()`` accept: bytes-like, or ``str`` encoded
#: with the *encoding* argument (Node's encoding names, default UTF-8).
Data = Union[bytes, bytearray, memoryview, str]


class AddressInfo(TypedDict):
    """Node's ``{ address, family, port }`` (``server.address()``, ``socket.address()``)."""

    #: The IP address, e.g. ``'127.0.0.1'`` or ``'::1'``.
    address: str
    #: ``'IPv4'`` or ``'IPv6'``.
    family: str
    #: The TCP port.
    port: int


class DropInfo(TypedDict, total=False):
    """The argument of a Server's 'drop' event (Node's; empty for a Unix socket)."""

    #: The server's address the connection came to.
    localAddress: str
    #: The server's port.
    localPort: int
    #: ``'IPv4'`` or ``'IPv6'``.
    localFamily: str
    #: The peer's address.
    remoteAddress: str
    #: The peer's port.
    remotePort: int
    #: ``'IPv4'`` or ``'IPv6'``.
    remoteFamily: str
