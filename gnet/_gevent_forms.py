"""gevent's ``StreamServer`` protocol on :class:`gnet.Server`: its constructor and its handler.

One concept lives here: what makes ``gnet.Server`` a drop-in for
``gevent.server.StreamServer`` —

* the construction form ``Server(listener, handle=None, backlog=None,
  spawn='default', **ssl_args)`` and the rule that tells it from Node's
  forms (:func:`is_gevent_listener`);
* gevent's hooks and attributes that read the listener given there:
  ``set_listener``, ``init_socket`` (bind at ``start()``), ``server_host`` /
  ``server_port`` (kept after ``stop()``), ``closed``, ``repr``;
* the handler: a subclass's ``handle(socket, address)`` method, or the
  *handle* given to the constructor or to ``set_handle()``, run for each
  connection after its 'connection' listeners, then the connection closed
  (gevent's ``_handle_and_close_when_done``); ``spawn=None`` runs it in the
  hub, as gevent does;
* the ssl arguments: the handler gets the SSL socket gevent's own
  ``wrap_socket_and_handle`` makes (``gevent.ssl.wrap_socket``, or
  ``ssl_context.wrap_socket``), exactly as with StreamServer.

The semantics are gevent 26's ``gevent/baseserver.py`` and
``gevent/server.py``; gevent's own ``gevent.tests.test__server`` and
``test__socket_close`` run against gnet.Server in
``tests/gevent_compat``. Node's forms, listen() and the accept loop are
:mod:`gnet.server`'s and :mod:`gnet._listen`'s.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from gevent import Greenlet
from gevent.baseserver import parse_address
from gevent.server import StreamServer

from gnet.typedefs import AddressInfo

__all__ = ['GeventForms', 'is_gevent_listener', 'check_node_keywords']

# StreamServer keywords with no meaning in Node's form: given there, they
# would be silently ignored (a TLS one would mean plaintext), so they raise.
_GEVENT_ONLY_KEYWORDS = frozenset((
    'listener', 'handle', 'backlog',
    # gevent.ssl.wrap_socket / SSLContext.wrap_socket arguments
    'ssl_context', 'keyfile', 'certfile', 'server_side', 'cert_reqs', 'ssl_version',
    'ca_certs', 'do_handshake_on_connect', 'suppress_ragged_eofs', 'ciphers',
    'server_hostname', 'npn_protocols', 'session',
))


def is_gevent_listener(value: object) -> bool:
    """True if *value* is a StreamServer *listener*: the rule that picks the form.

    gevent's form takes an address — a tuple, a string (``':8000'``,
    ``'127.0.0.1:8000'``, ``'[::1]:8000'``), an int port — or a socket
    object (anything with ``accept``). Node's form takes None, an options
    dict or a connection listener (a callable). No value is both: a socket
    is not callable, a tuple is not a dict.
    """
    if isinstance(value, bool):
        return False
    return isinstance(value, (tuple, str, int)) or hasattr(value, 'accept')


def check_node_keywords(kw):
    """Refuse StreamServer-only keywords in Node's form (TypeError, before anything binds)."""
    stray = sorted(_GEVENT_ONLY_KEYWORDS.intersection(kw))
    if stray:
        raise TypeError(
            '%s %s only in gevent\'s form, whose first argument is the listener '
            '(an address or a listening socket): Server(listener, handle=None, '
            'backlog=None, spawn=\'default\', **ssl_args)'
            % (', '.join(name + '=' for name in stray), 'is' if len(stray) == 1 else 'are'))


class _CallableAddress(tuple):
    """A tuple address whose call is Node's ``server.address()``."""

    def __new__(cls, value, server):
        self = tuple.__new__(cls, value)
        self._server = server
        return self

    def __call__(self) -> AddressInfo | str | None:
        return self._server._node_address()


class _CallablePath(str):
    """A Unix socket path whose call is Node's ``server.address()``."""

    def __new__(cls, value, server):
        self = str.__new__(cls, value)
        self._server = server
        return self

    def __call__(self) -> AddressInfo | str | None:
        return self._server._node_address()


class GeventForms:
    """StreamServer's constructor, hooks and handler on gnet.Server (a mixin).

    Reads and sets the server's state (``socket``, ``_state``,
    ``_gevent_address``, ...); :class:`gnet.Server` defines it.
    """

    #: The StreamServer's ssl arguments, or None (gevent's attribute).
    ssl_args = None
    # True when the constructor was given a listener: start() binds it.
    _bind_on_start = False

    def _init_gevent(self, listener, handle=None, backlog=None, spawn='default', **ssl_args):
        """``StreamServer(listener, handle=None, backlog=None, spawn='default', **ssl_args)``.

        As gevent: nothing is bound before ``start()``; a socket given is
        taken as it is (already listening); ``backlog`` with a socket is a
        TypeError (and the socket is closed, as gevent closes it).
        """
        # A gevent socket never ends itself at the peer's FIN: recv() gives
        # b'' and sendall() still works, as Node's allowHalfOpen.
        self._options = {'allowHalfOpen': True}
        self.allow_half_open = True
        self._bind_on_start = True
        StreamServer.__init__(self, listener, handle=handle, spawn=spawn, **ssl_args)
        if spawn == 'default':
            # gevent's default: a new gevent.Greenlet per connection, so
            # getcurrent() is one and a gevent.local starts empty (gnet's
            # pooled greenlets, Node's form's default, are reused).
            self._spawn = Greenlet.spawn
        if backlog is not None:
            if self.socket is not None:
                self.close()
                raise TypeError('backlog must be None when a socket instance is passed')
            self.backlog = backlog
        if self.ssl_args:
            self._check_ssl_args()
        self.set_handle(None)  # ssl_args are known now: the handler wraps

    def _check_ssl_args(self):
        """A keyword ``wrap_socket`` does not take is a TypeError now.

        gevent would fail every connection with it (a Node option such as
        ``allow_half_open=`` given in this form turns TLS on, then breaks
        each handshake); gnet refuses the server instead.
        """
        try:
            inspect.signature(self.wrap_socket).bind(None, **self.ssl_args)
        except TypeError as exc:
            self.close()
            raise TypeError('%s (the keywords after spawn= are the ssl arguments of '
                            'gevent\'s form; Node\'s options go with Node\'s form)' % exc) from None

    @property
    def ssl_enabled(self) -> bool:
        """gevent's: True when the server wraps connections in TLS (ssl arguments given)."""
        return self.ssl_args is not None

    # --- gevent's listener hooks ---------------------------------------------------

    def set_listener(self, listener: Any) -> None:
        """gevent's hook: remember the address, or hold the socket until start()."""
        if listener is None:
            return  # Node's form: listen() binds
        if hasattr(listener, 'accept'):
            if hasattr(listener, 'do_handshake'):
                raise TypeError('Expected a regular socket, not SSLSocket: %r' % (listener,))
            self.family = listener.family
            self._gevent_address = listener.getsockname()
            self.socket = listener
        else:
            self.family, self._gevent_address = parse_address(listener)

    def init_socket(self) -> None:
        """gevent's hook for ``start()``: bind the address (or take the socket), accept.

        A bind failure raises here (OSError, gevent's message with the
        address), as StreamServer's start() does — not Node's later 'error'.
        After ``stop()``, ``start()`` binds the same address again.
        """
        sock = self.socket
        if sock is None:
            sock = self.get_listener(self._gevent_address, self.backlog, self.family)
            drop = getattr(sock, '_drop_events', None)
            if drop is not None:
                drop()  # a fresh gevent socket's watchers (libuv multiplexes per fd)
        self._listen_id += 1
        self._closed_event.clear()
        self._listening_on(getattr(sock, '_sock', sock), None)

    # --- gevent's address attribute and Node's address() ---------------------------
    # gevent keeps the address in the attribute ``server.address`` (a tuple,
    # also read by its own code); Node's ``server.address()`` is a method.
    # The attribute's value is kept in ``_gevent_address`` and handed out as
    # a tuple (or str) that is also callable, so both spellings work.

    @property
    def address(self) -> _CallableAddress | _CallablePath:  # type: ignore[override]
        """gevent's ``server.address`` that is also Node's ``server.address()``.

        As an attribute: the tuple (or path) gevent keeps — the parsed
        address until ``start()``, the bound one after, kept after
        ``stop()``; ``()`` when nothing was given or bound. Called:
        ``{'address', 'family', 'port'}``, a Unix socket's path, or None
        (Node's; None unless listening).
        """
        value = self._gevent_address
        if isinstance(value, str):
            return _CallablePath(value, self)
        return _CallableAddress(value if isinstance(value, tuple) else (), self)

    @address.setter
    def address(self, value: Any) -> None:
        self._gevent_address = value

    @property
    def server_host(self) -> str | None:
        """The bound host (gevent's; still there after stop())."""
        address = self._gevent_address
        return address[0] if isinstance(address, tuple) else None

    @property
    def server_port(self) -> int | None:
        """The bound port (gevent's; still there after stop())."""
        address = self._gevent_address
        return address[1] if isinstance(address, tuple) else None

    @property
    def closed(self) -> bool:
        """gevent's: no listening socket (nor one given and not yet started)."""
        return self.socket is None

    def _formatinfo(self) -> str:
        """gevent's repr body, plus Node's state: ``fileno=.. address=h:p state=.. handle=..``."""
        result = 'fileno=%s ' % self.socket.fileno() if self.socket is not None else ''
        address = self._gevent_address
        if isinstance(address, tuple) and len(address) == 2:
            result += 'address=%s:%s' % address
        else:
            result += 'address=%s' % (address,)
        result += ' state=%s' % self._state
        handle = self.__dict__.get('handle')
        if handle is not None:
            if getattr(handle, '__self__', None) is self:
                # gevent's PR 501: the bound method's repr would recurse into ours
                result += ' handle=<bound method %s.%s of self>' % (
                    type(self).__name__, handle.__name__)
            else:
                result += ' handle=%r' % (handle,)
        return result

    # --- the handler ----------------------------------------------------------------

    def set_handle(self, handle: Callable[..., object]) -> None:
        """gevent's: *handle(socket, address)* serves each new connection.

        Without one, a subclass's ``handle`` method does; gevent's form
        needs one or the other (TypeError, as gevent), Node's form without
        either is served by its 'connection' listeners. With ssl arguments
        the handler gets the SSL socket (gevent's ``wrap_socket_and_handle``).
        """
        if handle is not None:
            self.handle = handle
        if getattr(self, 'handle', None) is None:
            if self._bind_on_start:
                raise TypeError("'handle' must be provided")  # gevent's form needs one
            self._handle = None
        elif self.ssl_args:
            self._handle = self.wrap_socket_and_handle
        else:
            self._handle = self.handle

    def _run_handle(self, sock, address):
        """gevent's ``_handle_and_close_when_done``, in the connection's greenlet.

        The handler gets the :class:`gnet.Socket` itself, or — with ssl
        arguments — a gevent socket that the connection's descriptor moved
        to, for ``wrap_socket``. Either is closed (``do_close``) when the
        handler returns or raises; an exception then goes where a
        'connection' listener's goes (the hub's report).
        """
        client = sock._hand_over() if self.ssl_args else sock
        try:
            self._handle(client, address)
        finally:
            self.do_close(client, address)  # StreamServer's: client.close()
            if client is not sock:
                sock.close()  # the connection's place in the registry

    def _serve_in_hub(self, sock, address):
        """``spawn=None`` (gevent's): 'connection' and the handler run in the hub.

        Nothing here may block, as in gevent: a blocking call raises
        gevent's BlockingSwitchOutError, which do_handle() reports after
        closing the connection. The socket's own tasks ('close', ...)
        run in a greenlet of its own.
        """
        if not self._prepare_connection(sock):
            return
        self.emit('connection', sock)
        if not sock.destroyed:
            self._after_connection(sock)
        if not sock.destroyed:
            self._run_handle(sock, address)

