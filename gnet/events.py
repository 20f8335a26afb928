"""The zope.event side of gnet: one class per kind of Node event.

Every ``emit()`` of every gnet emitter is also published with
``zope.event.notify()`` as an instance of a class from this module, so one
subscriber can watch every server and socket in the process::

    from zope.event import classhandler
    from gnet.events import ServerConnection

    @classhandler.handler(ServerConnection)
    def count(event):
        print(event.name, event.target, event.args)

The classes follow gevent's own ``gevent.events``: an interface declared
with zope.interface, implemented by a small class. Publishing is skipped
entirely while ``zope.event.subscribers`` is empty (see
``gnet.emitter.EventEmitter.emit``), so none of this costs anything unless
somebody listens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zope.interface import Attribute, Interface, implementer

if TYPE_CHECKING:  # gnet.emitter imports this module
    import gnet.emitter

__all__ = [
    'INodeEvent', 'NodeEvent',
    'ServerEvent', 'ServerListening', 'ServerConnection', 'ServerClose',
    'ServerError', 'ServerDrop',
    'SocketEvent', 'SocketData', 'SocketEnd', 'SocketFinish', 'SocketClose',
    'SocketError', 'SocketDrain', 'SocketTimeout', 'SocketConnect',
    'SocketReady', 'SocketLookup',
]


class INodeEvent(Interface):
    """One Node event, as emitted by a gnet emitter."""

    name = Attribute("The Node event name, e.g. 'connection'.")
    target = Attribute('The emitter (a Server, a Socket, ...).')
    args = Attribute('The tuple of arguments the listeners received.')


@implementer(INodeEvent)
class NodeEvent:
    """Published for every emit of a plain ``EventEmitter``."""

    __slots__ = ('name', 'target', 'args')

    #: The Node event name, e.g. ``'connection'``.
    name: str
    #: The emitter: a Server, a Socket, a TLSSocket, ...
    target: gnet.emitter.EventEmitter
    #: The arguments the listeners received, as a tuple.
    args: tuple[object, ...]

    def __init__(self, name: str, target: gnet.emitter.EventEmitter, args: tuple[object, ...]) -> None:
        self.name = name
        self.target = target
        self.args = args

    def __repr__(self) -> str:
        return '<%s %r from %r>' % (type(self).__name__, self.name, self.target)


class ServerEvent(NodeEvent):
    """Any event of a ``gnet.Server`` without a class of its own."""
    __slots__ = ()


class ServerListening(ServerEvent):
    __slots__ = ()


class ServerConnection(ServerEvent):
    """``args`` is ``(socket,)``."""
    __slots__ = ()


class ServerClose(ServerEvent):
    __slots__ = ()


class ServerError(ServerEvent):
    """``args`` is ``(err,)``."""
    __slots__ = ()


class ServerDrop(ServerEvent):
    """``args`` is ``(data,)``: Node's dict of the dropped connection."""
    __slots__ = ()


class SocketEvent(NodeEvent):
    """Any event of a ``gnet.Socket`` without a class of its own."""
    __slots__ = ()


class SocketData(SocketEvent):
    __slots__ = ()


class SocketEnd(SocketEvent):
    __slots__ = ()


class SocketFinish(SocketEvent):
    __slots__ = ()


class SocketClose(SocketEvent):
    """``args`` is ``(had_error,)``."""
    __slots__ = ()


class SocketError(SocketEvent):
    __slots__ = ()


class SocketDrain(SocketEvent):
    __slots__ = ()


class SocketTimeout(SocketEvent):
    __slots__ = ()


class SocketConnect(SocketEvent):
    __slots__ = ()


class SocketReady(SocketEvent):
    __slots__ = ()


class SocketLookup(SocketEvent):
    __slots__ = ()


#: Which class publishes which event name of a Server.
SERVER_EVENTS: dict[str, type[NodeEvent]] = {
    'listening': ServerListening, 'connection': ServerConnection,
    'close': ServerClose, 'error': ServerError, 'drop': ServerDrop,
}
#: Which class publishes which event name of a Socket.
SOCKET_EVENTS: dict[str, type[NodeEvent]] = {
    'data': SocketData, 'end': SocketEnd, 'finish': SocketFinish,
    'close': SocketClose, 'error': SocketError, 'drain': SocketDrain,
    'timeout': SocketTimeout, 'connect': SocketConnect, 'ready': SocketReady,
    'lookup': SocketLookup,
}

#: How many arguments each event passes, per kind of emitter (the
#: emitters' ``event_arg_counts``: JavaScript's listener arity rule).
SERVER_EVENT_ARGS = {
    'newListener': 2, 'removeListener': 2,
    'listening': 0, 'connection': 1, 'close': 0, 'error': 1, 'drop': 1,
}
SOCKET_EVENT_ARGS = {
    'newListener': 2, 'removeListener': 2,
    'data': 1, 'end': 0, 'finish': 0, 'close': 1, 'error': 1, 'drain': 0,
    'timeout': 0, 'connect': 0, 'ready': 0, 'lookup': 4,
    'pipe': 1, 'unpipe': 2, 'readable': 0, 'pause': 0, 'resume': 0,
    'connectionAttempt': 3, 'connectionAttemptFailed': 4, 'connectionAttemptTimeout': 3,
}
