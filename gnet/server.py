"""``gnet.Server``: Node's ``net.Server`` as a ``gevent.server.StreamServer``.

One concept lives here: the listening socket and its connections — listen
forms and binding, the accept hooks, the connection registry (counts,
'drop', 'close' once drained), ref/unref, and where a server-level error
surfaces. Argument normalisation is in :mod:`gnet._args`; the connection
itself is :class:`gnet.socket.Socket`.

gevent's ``BaseServer`` owns the accept loop; this class fills its hooks
(``do_read``, ``do_handle``, ``do_close``, ``start_accepting``) and keeps
explicit state (``_state``, Node's vocabulary) instead of gevent's
"has a ``socket`` attribute".

Where server events run
-----------------------
'listening', 'error', 'close' and 'drop' are emitted from a hub callback
(Node's nextTick), 'connection' in the connection's own greenlet. An
exception from a server-level listener, or an 'error' nobody listens to,
is thrown into the greenlet waiting in ``serve_forever()`` or, by default,
the main greenlet — where ``gnet.run()`` / ``gevent.wait()`` wait — which is
where Node would crash the process.
"""

import _socket
import errno as _errno
import logging
import os
import socket as _stdsocket
import stat

import gevent
from gevent.baseserver import BaseServer
from gevent.event import Event
from gevent.hub import get_hub
from gevent.server import StreamServer
from greenlet import getcurrent

from gnet import _greenlets, errors
from gnet._args import normalize_listen, normalize_server_options
from gnet.blocklist import blocks_peer, validate_block_list
from gnet.emitter import EventEmitter, camel_aliases
from gnet.events import SERVER_EVENTS, ServerEvent
from gnet.ip import is_ip
from gnet.socket import Socket

__all__ = ['Server', 'create_server']

_AF_UNIX = getattr(_stdsocket, 'AF_UNIX', None)

_log = logging.getLogger('gnet')

# accept() failures that say "no descriptor or memory for a new connection":
# the connection stays in the kernel's backlog, so retry later (back-off).
_ACCEPT_EXHAUSTED = frozenset(
    getattr(_errno, name) for name in ('EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM')
    if hasattr(_errno, name))

# Server states (Node has no name for them; these say what is true).
_IDLE = 'idle'             # never listened, or closed, or failed
_RESOLVING = 'resolving'   # waiting for a host name lookup
_LISTENING = 'listening'   # has a listening socket


def _family_name(family):
    return 'IPv6' if family == _stdsocket.AF_INET6 else 'IPv4'


@camel_aliases({
    'getConnections': 'get_connections', 'maxConnections': 'max_connections',
    'waitClosed': 'wait_closed',
})
class Server(StreamServer, EventEmitter):
    """A TCP or Unix-socket server with Node's ``net.Server`` behaviour.

    ``Server(options=None, connection_listener=None, **kw)``; either
    argument may be left out (``Server(fn)``). Options (Node's camelCase
    keys, or snake_case keywords): ``allowHalfOpen``, ``pauseOnConnect``,
    ``noDelay``, ``keepAlive``, ``keepAliveInitialDelay`` (ms),
    ``highWaterMark``, ``blockList`` (a :class:`gnet.BlockList`: a connection
    from a blocked address is closed at once, with neither 'connection' nor
    'drop' — Node >= 22.13's semantics; Node 20 has no such option).
    ``spawn=`` is gevent's (a Pool, a number, ...);
    ``handler_class=`` serves a ``socketserver.BaseRequestHandler``.
    """

    event_class = ServerEvent
    event_classes = SERVER_EVENTS

    #: listen(2) backlog when listen() names none (Node: 511).
    backlog = 511
    #: SO_REUSEADDR on TCP listeners (Node sets it).
    reuse_addr = 1
    #: The Socket class handed to 'connection' listeners.
    socket_class = Socket
    #: Seconds between accept() retries while descriptors are exhausted
    #: (EMFILE/ENFILE): doubles from the first to the second value.
    exhausted_retry_delays = (0.01, 0.5)

    # gevent's default spawn, for spawn='default': a plain greenlet per
    # connection, reused from a pool (a new gevent Greenlet costs ~10 µs more).
    _spawn = staticmethod(_greenlets.spawn)

    def __init__(self, options=None, connection_listener=None, handler_class=None,
                 spawn='default', **kw):
        if callable(options) and connection_listener is None:
            options, connection_listener = None, options
        EventEmitter.__init__(self)
        self._options = normalize_server_options(options, kw)
        validate_block_list(self._options.get('blockList'))
        if self._options.get('proxyProtocol'):
            from gnet.proxy import validate_proxy_options
            validate_proxy_options(self._options)
        self._state = _IDLE
        self._listen_id = 0
        self._connections = set()
        self._max_connections = None
        self._refd = True
        self._pipe_name = None
        self._unlink_on_close = None   # (path, inode) of the socket file we made
        self._gevent_address = None
        self._closed_event = Event()
        self._crash_targets = []
        self._exhausted_delay = None   # seconds, while accept() hits EMFILE
        self.socket = None
        StreamServer.__init__(self, None, handle=self._serve_connection, spawn=spawn)
        self.allow_half_open = self._options.get('allowHalfOpen') or False
        if handler_class is not None:
            connection_listener = _request_handler_listener(self, handler_class)
        if connection_listener is not None and callable(connection_listener):
            self.on('connection', connection_listener)

    @classmethod
    def from_gevent_handler(cls, handle, options=None):
        """A Server that calls a gevent-style ``handle(socket, address)``.

        The migration path for gevent ``StreamServer`` deployments:
        ``StreamServer(addr, handle).serve_forever()`` becomes
        ``Server.from_gevent_handler(handle).listen(port, host)`` and
        ``serve_forever()`` (or ``gnet.run()``). *handle* gets the
        connection's :class:`gnet.Socket` (recv, sendall, makefile, close,
        ...) and the peer address, in the connection's own greenlet, after
        every 'connection' listener has seen the socket; as with gevent,
        the connection is closed when *handle* returns. See :mod:`gnet.legacy`.
        """
        from gnet.legacy import gevent_handler_listener
        server = cls(options)
        server.on('connection', gevent_handler_listener(handle))
        return server

    # --- gevent's address attribute vs Node's address() -----------------------
    # BaseServer keeps the bound address in ``self.address`` and reads it in
    # set_listener, _formatinfo, server_host and server_port; Node's
    # ``address()`` is a method. Those four readers are overridden to use
    # ``_gevent_address``, so ``address`` is free to be Node's method.

    def set_listener(self, listener):
        if listener is not None:  # gevent-style construction with a socket
            self._adopt(listener, None)

    def _formatinfo(self):
        return 'address=%s state=%s' % (self._gevent_address, self._state)

    @property
    def server_host(self):
        address = self._gevent_address
        return address[0] if isinstance(address, tuple) else None

    @property
    def server_port(self):
        address = self._gevent_address
        return address[1] if isinstance(address, tuple) else None

    def address(self):
        """``{'address', 'family', 'port'}``, the path of a Unix socket, or None.

        None before listening, during a host lookup and after close()
        (for Unix sockets too: a deliberate difference from Node 20).
        """
        if self._state != _LISTENING:
            return None
        name = self.socket.getsockname()
        if self.socket.family == _AF_UNIX:
            if self._pipe_name is not None:
                return self._pipe_name
            return name.decode() if isinstance(name, bytes) else (name or None)
        return {'address': name[0], 'family': _family_name(self.socket.family),
                'port': name[1]}

    # --- state ------------------------------------------------------------------

    @property
    def listening(self):
        """True while there is a listening socket (Node's ``!!this._handle``)."""
        return self._state == _LISTENING

    @property
    def closed(self):
        return self._state != _LISTENING

    @property
    def max_connections(self):
        """None = unlimited; over the limit a connection is dropped ('drop')."""
        return self._max_connections

    @max_connections.setter
    def max_connections(self, value):
        self._max_connections = value

    # --- listen -----------------------------------------------------------------

    def listen(self, *args, **kwargs):
        """Start listening; returns the server. See docs/contract.md for every form.

        ``listen(port=None, host=None, backlog=None, callback=None)``,
        ``listen(path, backlog=None, callback=None)``,
        ``listen(options, callback=None)``, ``listen(handle, ...)``.
        Bad arguments raise at once; system errors are emitted as 'error'
        on a later hub turn. For numeric hosts and paths the bind happens
        before this returns, so ``address()`` answers at once.
        """
        request = normalize_listen(args, kwargs)
        if self._state == _LISTENING:
            raise errors.ERR_SERVER_ALREADY_LISTEN()
        if request.callback is not None:
            self.once('listening', request.callback)
        self._listen_id += 1
        self._closed_event.clear()
        if request.signal is not None and request.kind != 'handle':
            if self._watch_signal(request.signal):
                self._bind_request(request)
                return self
        self._bind_request(request)
        return self

    def _watch_signal(self, signal):
        """Node's addServerAbortSignalOption; True if already aborted."""
        if signal.aborted:
            self.loop.run_callback(self.close)
            return True

        def on_abort():
            self.close()
        signal.once('abort', on_abort)
        self.once('close', lambda: signal.remove_listener('abort', on_abort))
        return False

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
            self._state = _RESOLVING
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
                self._state = _IDLE
                self._emit_later('error', errors.dns_error(exc, request.host))
            return
        if listen_id != self._listen_id or self._state != _RESOLVING:
            return  # close() or another listen() came first (Node's _listeningId)
        self._state = _IDLE
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
        self._state = _LISTENING
        self._stop_event.clear()
        self.start_accepting()
        self.loop.run_callback(self._emit_listening, self._listen_id)

    def _emit_listening(self, listen_id):
        if self._state == _LISTENING and listen_id == self._listen_id:
            self._emit_server('listening')

    def _listen_failed(self, exc, address, port):
        self._state = _IDLE
        self._emit_later('error', errors.system_error(exc, 'listen', address, port))

    # --- accepting (gevent's hooks) -------------------------------------------

    def start_accepting(self):
        """gevent's hook; also re-applies unref(), since it makes a new watcher."""
        super().start_accepting()
        self._apply_ref()

    def _do_read(self):
        super()._do_read()
        if self._timer is not None:  # gevent's accept back-off timer
            self._timer.ref = self._refd

    def do_read(self):
        """Accept one connection as a raw non-blocking stdlib socket."""
        if self._state != _LISTENING:
            return None  # a listener closed the server inside the accept loop
        try:
            fd, address = self.socket._accept()
        except BlockingIOError:
            return None
        except ConnectionAbortedError:
            return None  # the peer gave up while queued (libuv ignores it too)
        except OSError as exc:
            if exc.errno not in _ACCEPT_EXHAUSTED:
                raise
            self._accept_exhausted(exc)
            return None
        if self._exhausted_delay is not None:
            self._exhausted_delay = None
            _log.info('%s: accepting connections again', self)
        # The C-level socket type: the stdlib's Python subclass costs a Python
        # __init__, an enum for .family and a Python close() per connection.
        raw = _socket.socket(self.family, _stdsocket.SOCK_STREAM, 0, fd)
        return raw, address

    def _accept_exhausted(self, exc):
        """accept() failed for want of descriptors: back off, quietly.

        Node emits no 'error' for EMFILE (libuv's uv__emfile_trick); gevent
        would print a traceback per failure. Here the condition is logged
        once (logger 'gnet', WARNING) until an accept succeeds again, the
        accept watcher stops, and a timer retries with a doubling delay.
        Unlike libuv, the waiting connections are not accepted-and-closed:
        they stay in the backlog and are served once descriptors free up.
        """
        first, limit = self.exhausted_retry_delays
        delay = self._exhausted_delay
        if delay is None:
            delay = first
            _log.warning('%s: accept() failed: %s; not accepting until descriptors '
                         'free up (retrying every %g-%g s)', self,
                         os.strerror(exc.errno), first, limit)
        self._exhausted_delay = min(delay * 2, limit)
        self.stop_accepting()
        timer = self._timer = self.loop.timer(delay)
        timer.ref = self._refd
        timer.start(self._start_accepting_if_started)

    def do_handle(self, raw, address):
        """Count the connection (or drop it), then spawn its greenlet."""
        limit = self._max_connections
        if limit is not None and len(self._connections) >= limit:
            return self._drop(raw)
        block_list = self._options.get('blockList')
        if block_list is not None and blocks_peer(block_list, address):
            raw.close()  # Node >= 22.13: closed at once, no 'connection', no 'drop'
            return None
        sock = self.socket_class._from_accepted(raw, self, self._options)
        sock._registry = self
        self._connections.add(sock)
        self._spawn(self._handle, sock)

    def do_close(self, *args):
        """gevent closes the socket when the handler returns; Node does not."""

    def _drop(self, raw):
        """Over max_connections: close at once and emit 'drop' (Node's dict)."""
        data = None
        if raw.family != _AF_UNIX:
            local, peer = raw.getsockname(), raw.getpeername()
            family = _family_name(raw.family)
            data = {'localAddress': local[0], 'localPort': local[1], 'localFamily': family,
                    'remoteAddress': peer[0], 'remotePort': peer[1], 'remoteFamily': family}
        raw.close()
        # A later hub turn: the connections accepted before this one in the
        # same accept loop emit 'connection' first, as in Node.
        if data is None:
            self._emit_later('drop')
        else:
            self._emit_later('drop', data)

    def _serve_connection(self, sock):
        """The connection's greenlet: prepare, 'connection', then the driver loop.

        Nothing escapes from here (the greenlet's parent is the hub): a
        failure destroys this connection and is reported, as a listener's is.
        """
        sock._driver = getcurrent()
        try:
            if not self._prepare_connection(sock):
                sock._drive()  # the refused socket's 'close'
                return
            self.emit('connection', sock)
            if not sock.destroyed:
                self._after_connection(sock)
        except gevent.GreenletExit:
            sock._killed()
            return
        except BaseException as exc:  # the listener failed: this connection only
            sock._fail(exc)
        sock._drive()

    def _prepare_connection(self, sock):
        """Before 'connection': the PROXY header, then noDelay/keepAlive.

        Returns False when the connection was refused (destroyed, and
        'proxyError' emitted).
        """
        options = self._options
        if options.get('proxyProtocol'):
            from gnet.proxy import read_proxy_header
            if not read_proxy_header(self, sock):
                return False
        if sock._family != _AF_UNIX:
            if options.get('noDelay'):
                sock.set_no_delay(True)
            if options.get('keepAlive'):
                sock.set_keep_alive(True, options.get('keepAliveInitialDelay') or 0)
        return True

    def _after_connection(self, sock):
        """Hook between 'connection' and the driver loop (TLS: the handshake)."""

    # --- the connection registry -------------------------------------------------

    def remove(self, sock):
        """A connection was destroyed (called once per socket by the Socket)."""
        self._connections.discard(sock)
        self._emit_close_if_drained()

    def get_connections(self, callback):
        """``callback(None, count)`` on a later hub turn; returns the server."""
        if not callable(callback):
            raise errors.ERR_INVALID_ARG_TYPE('callback', 'function', callback)
        self.loop.run_callback(callback, None, len(self._connections))
        return self

    # --- closing -------------------------------------------------------------------

    def close(self, callback=None):
        """Stop accepting now; 'close' (and *callback*) once every connection ended.

        On a server that was not listening the callback gets
        ERR_SERVER_NOT_RUNNING, and 'close' is still emitted (Node).
        """
        if callable(callback):
            if self._state == _LISTENING:
                self.once('close', callback)
            else:
                self.once('close', lambda: callback(errors.ERR_SERVER_NOT_RUNNING()))
        self._listen_id += 1
        if self._state == _LISTENING:
            self._close_listener()
        self._state = _IDLE
        self._emit_close_if_drained()
        return self

    def _close_listener(self):
        self._stop_event.set()
        if not self._refd:
            # libuv shares one poll handle per fd among watchers: leave it
            # ref'd, or the next socket on this fd number inherits the unref.
            for watcher in (self._watcher, self._timer):
                if watcher is not None:
                    _set_watcher_ref(watcher, True)
        self.stop_accepting()
        sock, self.socket = self.socket, None
        sock.close()
        if self._unlink_on_close is not None:
            path, inode = self._unlink_on_close
            self._unlink_on_close = None
            try:
                if os.stat(path).st_ino == inode:  # only the file we created
                    os.unlink(path)
            except OSError:
                pass
        self._gevent_address = None

    def _emit_close_if_drained(self):
        if self._state == _LISTENING or self._connections:
            return
        self.loop.run_callback(self._emit_close)

    def _emit_close(self):
        self._closed_event.set()
        self._emit_server('close')

    def wait_closed(self, timeout=None):
        """Block until 'close' has fired; True then, False if *timeout* passed first.

        *timeout* is in seconds (None = no limit), like gevent's ``stop()``.
        'close' fires once ``close()`` was called and the last connection
        ended, so this is ``close()``'s callback in blocking style. True at
        once if 'close' already fired since the last ``listen()``. Call it
        from a greenlet (the main one, a handler, ...), not from the hub.
        """
        return self._closed_event.wait(timeout)

    def stop(self, timeout=None):
        """gevent's ``stop()``: close(), wait up to *timeout* s, then end the rest.

        Stops accepting at once (``close()``, unless the server is already
        closed, so 'close' fires exactly once), then waits up to *timeout*
        seconds (default ``stop_timeout``) for every connection to end.
        Handlers still running past the deadline are killed with
        ``GreenletExit``; their sockets are destroyed and each emits
        'close'. Returns once the server's 'close' has fired.
        """
        if timeout is None:
            timeout = self.stop_timeout
        closing = self._state != _IDLE
        if closing:
            self.close()
        elif not self._connections:
            return  # never listened, or closed and drained: nothing to wait for
        if self.wait_closed(timeout):
            return
        current = getcurrent()
        remaining = list(self._connections)
        socket_closed = [Event() for _ in remaining]
        for sock, closed in zip(remaining, socket_closed):
            sock.once('close', lambda had_error, closed=closed: closed.set())
        for sock in remaining:
            driver = sock._driver
            if driver is None or driver.dead or driver is current:
                sock.destroy()  # not started yet (or us): nothing to unwind
            elif isinstance(driver, gevent.Greenlet):
                driver.kill(block=False)
            else:
                self.loop.run_callback(_end_driver, sock, driver)
        # A handler may catch GreenletExit and go on; it gets a grace
        # period as long as gevent's default stop_timeout (1 s), then its
        # socket is destroyed under it.
        if not self.wait_closed(1):
            for sock in list(self._connections):
                sock.destroy()
            self.wait_closed(1)
        # The server's 'close' comes before its last socket's (Node): return
        # once every socket ended here has emitted its own 'close' too.
        gevent.wait(socket_closed, timeout=1)

    def start(self):
        """gevent's start(): listen with Node's defaults if not listening yet."""
        if self._state == _IDLE:
            self.listen()

    def serve_forever(self, stop_timeout=None):
        """Listen if needed and block until the server is closed.

        An unhandled server 'error' (or a failing server listener) raises here.
        """
        self.start()
        self._crash_targets.append(getcurrent())
        try:
            self._closed_event.wait()
        finally:
            self._crash_targets.remove(getcurrent())

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        # Deliberate difference 6: close and do not wait for connections.
        # Node's asyncDispose does nothing for a server without a handle.
        if self._state != _IDLE:
            self.close()

    # --- ref / unref -----------------------------------------------------------------

    def ref(self):
        """Keep gnet.run() / gevent.wait() waiting for this server (default)."""
        self._refd = True
        self._apply_ref()
        return self

    def unref(self):
        """Let gnet.run() / gevent.wait() return while this server listens."""
        self._refd = False
        self._apply_ref()
        return self

    def _apply_ref(self):
        for watcher in (self._watcher, self._timer):
            if watcher is not None:
                _set_watcher_ref(watcher, self._refd)

    # --- emitting server-level events ----------------------------------------------

    def _emit_later(self, name, *args):
        self.loop.run_callback(self._emit_server, name, *args)

    def _emit_server(self, name, *args):
        """Emit from the hub; a failure surfaces where Node would crash."""
        try:
            self.emit(name, *args)
        except BaseException as exc:  # Node: uncaught exception
            self._crash(exc)

    def _crash(self, exc):
        targets = self._crash_targets
        target = targets[-1] if targets else get_hub().parent
        if getcurrent() is target:
            raise exc
        if getcurrent() is get_hub():
            target.throw(type(exc), exc, exc.__traceback__)  # keep where it was raised
        else:
            get_hub().loop.run_callback(target.throw, type(exc), exc, exc.__traceback__)


def _end_driver(sock, driver):
    """GreenletExit into a connection's greenlet, if it still drives it (pooled greenlets move on)."""
    if sock._driver is driver and not driver.dead:
        driver.throw(gevent.GreenletExit)
    elif not sock.destroyed:
        sock.destroy()  # the idle reaper released its greenlet meanwhile


def _set_watcher_ref(watcher, value):
    """Set a watcher's ref, on libev and on libuv.

    On libuv ``loop.io()`` returns a per-fd multiplexing proxy whose own
    ``ref`` is ignored; the real handle is its ``_watcher_ref``.
    """
    watcher.ref = value
    real = getattr(watcher, '_watcher_ref', None)
    if real is not None and real.active:
        real.ref = value


def _stdsocket_getaddrinfo(host, port):
    """Name lookup through gevent's resolver (cooperative)."""
    from gevent import socket as gsocket
    return gsocket.getaddrinfo(host, port, 0, _stdsocket.SOCK_STREAM)


def _request_handler_listener(server, handler_class):
    """A connection listener running a socketserver request handler unchanged.

    ``handler_class(request, client_address, server)`` runs as
    ``socketserver`` runs it (setup, handle, finish), then the connection
    is closed. See :mod:`gnet.legacy`.
    """
    from gnet.legacy import request_handler_listener
    return request_handler_listener(server, handler_class)


def create_server(options=None, connection_listener=None, **kw):
    """Node's ``net.createServer([options][, connectionListener])``."""
    return Server(options, connection_listener, **kw)
