"""Listening: ``listen()``'s forms, binding, and adopting a listening socket.

One concept lives here: turning a ``listen()`` request (normalised by
:func:`gnet._args.normalize_listen`) into a bound, listening socket on
the server — TCP on an IP or a resolved host name, a Unix socket path, a
descriptor, or a socket / another server taken over — and the server's
'listening' or 'error' that follows, as Node's ``net.Server.listen()``
does. The accept loop and the connections are :mod:`gnet.server`'s.

:class:`Listening` is a mixin of :class:`gnet.Server`; it reads and sets the
server's state (``_state``, ``socket``, ``_listen_id``, ...).
"""

from __future__ import annotations

import errno as _errno
import os
import socket as _stdsocket
import stat
from typing import Any, Self

import gevent
from gevent.baseserver import BaseServer

from gnet import _greenlets, errors
from gnet._args import normalize_listen
from gnet.ip import is_ip

__all__ = ['Listening', 'IDLE', 'RESOLVING', 'LISTENING']

_AF_UNIX = getattr(_stdsocket, 'AF_UNIX', None)

# Server states (Node has no name for them; these say what is true).
IDLE = 'idle'             # never listened, or closed, or failed
RESOLVING = 'resolving'   # waiting for a host name lookup
LISTENING = 'listening'   # has a listening socket


class Listening:
    """``listen()`` and the binding steps behind it (a mixin of gnet.Server)."""

    def listen(self, *args: Any, **kwargs: Any) -> Self:
        """Node's ``server.listen()``: start listening; returns the server.

        Forms (the last callable argument is *callback*, added as a
        once-listener of 'listening'):

        * ``listen(port=None, host=None, backlog=None, callback=None)``:
          TCP. *port* an int or numeric string, 0/None for one the OS picks;
          no *host*: ``::`` dual-stack where IPv6 exists, else ``0.0.0.0``;
          a host name is resolved first (``address()`` is None until then).
        * ``listen(path, backlog=None, callback=None)``: a Unix socket
          (Linux abstract names start with ``'\\0'``).
        * ``listen(options, callback=None)``: a dict with Node's keys
          ``port``, ``host``, ``path``, ``backlog``, ``exclusive``,
          ``ipv6Only``, ``reusePort`` (SO_REUSEPORT), ``readableAll``,
          ``writableAll``, ``signal`` (an :class:`gnet.AbortSignal`: abort
          closes the server), ``fd``.
        * ``listen(handle, backlog=None, callback=None)``: a bound socket
          object, another server, or ``{'fd': n}``.

        *backlog* defaults to :attr:`gnet.Server.backlog` (511, Node's). Keyword
        arguments in snake_case (``ipv6_only=True``) are accepted too.

        Raises at once, as Node throws: ``ERR_SOCKET_BAD_PORT`` (a
        ``ValueError``) for a port outside 0-65535,
        ``ERR_INVALID_ARG_VALUE`` / ``ERR_INVALID_ARG_TYPE`` for other bad
        arguments, ``ERR_SERVER_ALREADY_LISTEN`` while listening. System
        errors (``EADDRINUSE``, ``EACCES``, a failed lookup, ...) are never
        raised: they are emitted as 'error' on a later hub turn, with Node's
        ``code``, ``syscall``, ``address``, ``port`` and message. For an IP
        literal or a path the bind happens before this returns, so
        :meth:`address` answers at once (a deliberate difference: Node 20
        binds a tick later); 'listening' is emitted on a later hub turn.
        """
        request = normalize_listen(args, kwargs)
        if self._state == LISTENING:
            raise errors.ERR_SERVER_ALREADY_LISTEN()
        if request.callback is not None:
            self.once('listening', request.callback)
        self._listen_id += 1
        self._closed_event.clear()
        if request.signal is not None and request.kind != 'handle':
            self._watch_signal(request.signal)  # already aborted: close() on the next turn
        self._bind_request(request)
        return self

    def _watch_signal(self, signal):
        """Node's addServerAbortSignalOption: close() when *signal* aborts."""
        if signal.aborted:
            self.loop.run_callback(self.close)
            return

        def on_abort():
            self.close()
        signal.once('abort', on_abort)
        self.once('close', lambda: signal.remove_listener('abort', on_abort))

    def _bind_request(self, request):
        if request.kind == 'handle':
            self._adopt(request.handle, request.backlog)
        elif request.kind == 'fd':
            self._adopt_fd(request.fd, request.backlog)
        elif request.kind == 'path':
            self._bind_path(request)
        elif request.host is None:
            self._bind_any(request)
        elif is_ip(request.host):
            self._bind_ip(request.host, request)
        else:
            self._state = RESOLVING
            gevent.spawn(self._resolve_then_bind, self._listen_id, request)

    def _bind_any(self, request):
        """No host: ``::`` dual-stack where IPv6 exists, else ``0.0.0.0``."""
        if _stdsocket.has_ipv6:
            try:
                sock = self._tcp_socket(_stdsocket.AF_INET6, '::', request)
            except OSError as exc:
                if exc.errno == _errno.EADDRINUSE:
                    return self._listen_failed(exc, '::', request.port)
                # Node: any other bind error on :: falls back to IPv4.
            else:
                return self._listening_on(sock, request.backlog)
        self._bind_ip('0.0.0.0', request)

    def _bind_ip(self, host, request):
        family = _stdsocket.AF_INET6 if ':' in host else _stdsocket.AF_INET
        try:
            sock = self._tcp_socket(family, host, request)
        except OSError as exc:
            return self._listen_failed(exc, host, request.port)
        self._listening_on(sock, request.backlog)

    def _tcp_socket(self, family, host, request):
        """A bound TCP socket (raises OSError; closes it on failure)."""
        sock = _stdsocket.socket(family, _stdsocket.SOCK_STREAM)
        try:
            sock.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_REUSEADDR, self.reuse_addr)
            if family == _stdsocket.AF_INET6:
                sock.setsockopt(_stdsocket.IPPROTO_IPV6, _stdsocket.IPV6_V6ONLY,
                                1 if request.ipv6_only else 0)
            if request.options.get('reusePort'):
                sock.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_REUSEPORT, 1)
            sock.bind((host, request.port))
            sock.listen(request.backlog or self.backlog)
        except OSError:
            sock.close()
            raise
        return sock

    def _resolve_then_bind(self, listen_id, request):
        """Runs in its own greenlet: getaddrinfo, then bind the first address."""
        try:
            infos = _stdsocket_getaddrinfo(request.host, request.port)
        except OSError as exc:
            if listen_id == self._listen_id:
                self._state = IDLE
                self._emit_later('error', errors.dns_error(exc, request.host))
            return
        if listen_id != self._listen_id or self._state != RESOLVING:
            return  # close() or another listen() came first (Node's _listeningId)
        self._state = IDLE
        self._bind_ip(infos[0][4][0], request)

    def _bind_path(self, request):
        path = request.path
        sock = _stdsocket.socket(_AF_UNIX, _stdsocket.SOCK_STREAM)
        try:
            sock.bind(path)
            sock.listen(request.backlog or self.backlog)
        except OSError as exc:
            sock.close()
            self._pipe_name = None
            if exc.errno is None:  # Python's "AF_UNIX path too long" (sun_path: 108 bytes)
                # Newer Node (libuv >= 1.48): ENAMETOOLONG; Node 20 silently
                # binds the truncated name, which could be someone else's path.
                exc = OSError(_errno.ENAMETOOLONG, os.strerror(_errno.ENAMETOOLONG))
            return self._listen_failed(exc, path, -1)
        except ValueError as exc:  # embedded NUL and the like
            sock.close()
            raise errors.ERR_INVALID_ARG_VALUE('options.path', path, str(exc)) from None
        self._pipe_name = path
        if not path.startswith('\0'):
            self._unlink_on_close = (path, os.stat(path).st_ino)
            self._chmod(path, request.options)
        self._listening_on(sock, request.backlog)

    @staticmethod
    def _chmod(path, options):
        """Node's readableAll/writableAll: OR the bits into the file's mode."""
        bits = (0o444 if options.get('readableAll') else 0) | \
               (0o222 if options.get('writableAll') else 0)
        if bits:
            os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) | bits)

    def _adopt_fd(self, fd, backlog):
        try:
            sock = _stdsocket.socket(fileno=fd)
            if sock.type != _stdsocket.SOCK_STREAM:
                sock.detach()
                raise OSError(_errno.EINVAL, 'invalid argument')
        except OSError as exc:
            return self._listen_failed(OSError(_errno.EINVAL, 'invalid argument')
                                       if exc.errno != _errno.EINVAL else exc, None, None)
        self._adopt(sock, backlog)

    def _adopt(self, handle, backlog):
        """Listen on a socket object, another Server's socket, or a gevent socket."""
        if isinstance(handle, BaseServer):
            # Node: the adopter takes the handle over; new connections go to it,
            # so the other server stops accepting (it still says listening).
            sock = handle.socket
            if sock is None:
                raise errors.ERR_INVALID_ARG_VALUE('options', {'handle': handle})
            handle.stop_accepting()
        else:
            sock = getattr(handle, '_sock', handle)  # unwrap a gevent socket
        try:
            sock.listen(backlog or self.backlog)
        except OSError as exc:
            return self._listen_failed(exc, None, -1)
        self._listening_on(sock, backlog)

    def _listening_on(self, sock, backlog):
        """Bound and listening: start accepting; 'listening' on a later hub turn."""
        sock.setblocking(False)  # a blocking socket would freeze the hub
        self.socket = sock
        self.family = sock.family
        self._gevent_address = sock.getsockname()
        self._state = LISTENING
        self._stop_event.clear()
        self.start_accepting()
        _greenlets.run_soon(self._emit_listening, self._listen_id)

    def _emit_listening(self, listen_id):
        if self._state == LISTENING and listen_id == self._listen_id:
            self._emit_server('listening')

    def _listen_failed(self, exc, address, port):
        self._state = IDLE
        self._emit_later('error', errors.system_error(exc, 'listen', address, port))


def _stdsocket_getaddrinfo(host, port):
    """Name lookup through gevent's resolver (cooperative)."""
    from gevent import socket as gsocket
    return gsocket.getaddrinfo(host, port, 0, _stdsocket.SOCK_STREAM)
