"""``gnet.Server``: Node's ``net.Server`` as a ``gevent.server.StreamServer``.

One concept lives here: the listening socket and its connections — the
accept hooks, the connection registry (counts, 'drop', 'close' once
drained), closing and stopping, ref/unref, and where a server-level error
surfaces. ``listen()`` and binding are in :mod:`gnet._listen`, gevent's
construction form and handler in :mod:`gnet._gevent_forms`, argument
normalisation in :mod:`gnet._args`; the connection itself is
:class:`gnet.socket.Socket`.

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
from typing import Any, Self
from functools import partial

import gevent
from gevent.event import Event
from gevent.hub import get_hub
from gevent.server import StreamServer
from greenlet import getcurrent, greenlet

from gnet import _greenlets, errors
from gnet._args import normalize_server_options
from gnet._gevent_forms import GeventForms, check_node_keywords, is_gevent_listener
from gnet._listen import IDLE as _IDLE, LISTENING as _LISTENING, Listening
from gnet.blocklist import blocks_peer, validate_block_list
from gnet.emitter import EventEmitter, camel_aliases, fit_arguments
from gnet.events import SERVER_EVENT_ARGS, SERVER_EVENTS, ServerEvent
from gnet.socket import Socket
from gnet.typedefs import AddressInfo, Listener, Options

__all__ = ['Server']

_AF_UNIX = getattr(_stdsocket, 'AF_UNIX', None)

_log = logging.getLogger('gnet')

# accept() failures that say "no descriptor or memory for a new connection":
# the connection stays in the kernel's backlog, so retry later (back-off).
_ACCEPT_EXHAUSTED = frozenset(
    getattr(_errno, name) for name in ('EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM')
    if hasattr(_errno, name))

def _family_name(family: int) -> str:
    return 'IPv6' if family == _stdsocket.AF_INET6 else 'IPv4'


@camel_aliases({
    'getConnections': 'get_connections', 'maxConnections': 'max_connections',
    'waitClosed': 'wait_closed',
})
class Server(Listening, GeventForms, StreamServer, EventEmitter):
    """A TCP or Unix-socket server with Node's ``net.Server`` behaviour.

    Two construction forms, told apart by the type of the first argument
    (:func:`gnet._gevent_forms.is_gevent_listener`), never by guessing:

    * gevent's ``Server(listener, handle=None, backlog=None, spawn='default',
      **ssl_args)`` when *listener* is an address — a tuple, a string
      (``':8000'``, ``'127.0.0.1:8000'``), an int port — or a listening
      socket: exactly ``gevent.server.StreamServer``'s (``start()`` binds,
      *handle(socket, address)* or a subclass's ``handle`` method serves
      each connection, which is closed when it returns; the ssl arguments
      give the handler gevent's SSL socket).
    * Node's ``Server(options=None, connection_listener=None, **kw)`` when
      the first argument is None, a dict or a callable (``Server(fn)``);
      ``listen()`` binds. Options (Node's camelCase keys, or snake_case
      keywords): ``allowHalfOpen``, ``pauseOnConnect``, ``noDelay``,
      ``keepAlive``, ``keepAliveInitialDelay`` (ms), ``highWaterMark``,
      ``blockList`` (a :class:`gnet.BlockList`: a connection from a blocked
      address is closed at once, with neither 'connection' nor 'drop' —
      Node >= 22.13's semantics; Node 20 has no such option).
      ``spawn=`` is gevent's (a Pool, a number, None, ...);
      ``handler_class=`` serves a ``socketserver.BaseRequestHandler``.
      gevent's keywords (``handle=``, ``backlog=``, the ssl arguments)
      raise TypeError here rather than being ignored.

    In both forms 'connection' listeners see each connection first, and
    every Node method and event works.
    """

    event_class = ServerEvent
    event_classes, event_arg_counts = SERVER_EVENTS, SERVER_EVENT_ARGS

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

    def __init__(self, *args: Any, **kw: Any) -> None:
        EventEmitter.__init__(self)
        self._init_state()
        if (args and is_gevent_listener(args[0])) or 'listener' in kw:
            self._init_gevent(*args, **kw)
        else:
            self._init_node(*args, **kw)

    def _init_node(self, options=None, connection_listener=None, handler_class=None,
                   spawn='default', **kw):
        """Node's ``net.createServer([options][, connectionListener])`` form."""
        if callable(options) and connection_listener is None:
            options, connection_listener = None, options
        check_node_keywords(kw)
        self._options = normalize_server_options(options, kw)
        validate_block_list(self._options.get('blockList'))
        if self._options.get('proxyProtocol'):
            from gnet.proxy import validate_proxy_options
            validate_proxy_options(self._options)
        StreamServer.__init__(self, None, spawn=spawn)
        self.allow_half_open = self._options.get('allowHalfOpen') or False
        if handler_class is not None:
            connection_listener = _request_handler_listener(self, handler_class)
        if connection_listener is not None and callable(connection_listener):
            self.on('connection', connection_listener)

    def _init_state(self):
        """The state both forms start from (before gevent's __init__ may close())."""
        self._state = _IDLE
        self._listen_id = 0
        self._connections: set[Socket] = set()
        self._max_connections: int | None = None
        self._refd = True
        self._pipe_name = None
        self._unlink_on_close = None   # (path, inode) of the socket file we made
        self._gevent_address = None
        self._closed_event = Event()
        self._crash_targets: list[greenlet] = []
        self._exhausted_delay = None   # seconds, while accept() hits EMFILE
        self.socket = None
        self.loop = get_hub().loop

    @classmethod
    def from_gevent_handler(cls, handle: Listener, options: Options | None = None) -> Self:
        """A Node-form Server that calls a gevent-style ``handle(socket, address)``.

        gevent's own form, ``Server(address, handle)``, is the drop-in for
        ``StreamServer(address, handle)``; this one binds with Node's
        ``listen(port, host)`` instead (then ``serve_forever()`` or
        ``gnet.run()``). *handle* gets the
        connection's :class:`gnet.Socket` (recv, sendall, makefile, close,
        ...) and the peer address, in the connection's own greenlet, after
        every 'connection' listener has seen the socket; as with gevent,
        the connection is closed when *handle* returns. See :mod:`gnet.legacy`.
        """
        from gnet.legacy import gevent_handler_listener
        server = cls(options)
        server.on('connection', gevent_handler_listener(handle))
        return server

    def _node_address(self):
        """Node's ``server.address()`` (see the ``address`` property).

        ``{'address', 'family', 'port'}``, the path of a Unix socket, or
        None: None before listening, during a host lookup and after close()
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
    def listening(self) -> bool:
        """True while there is a listening socket (Node's ``!!this._handle``)."""
        return self._state == _LISTENING

    @property
    def max_connections(self) -> int | None:
        """Node's ``maxConnections`` (None: no limit); a connection over it gets 'drop' (0: all)."""
        return self._max_connections

    @max_connections.setter
    def max_connections(self, value: int | None) -> None:
        self._max_connections = value

    # --- accepting (gevent's hooks) -------------------------------------------

    def start_accepting(self) -> None:
        """gevent's hook; also re-applies unref(), since it makes a new watcher."""
        super().start_accepting()
        self._apply_ref()

    def _do_read(self):
        super()._do_read()
        if self._timer is not None:  # gevent's accept back-off timer
            self._timer.ref = self._refd

    def do_read(self) -> tuple[_socket.socket, Any] | None:  # type: ignore[override]
        """Accept one connection as a raw non-blocking stdlib socket."""
        if self._state != _LISTENING:
            return None  # a listener closed the server inside the accept loop
        try:
            fd, address = self.socket._accept()  # type: ignore[attr-defined]  # the C-level accept: an fd, no Python socket
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

    def do_handle(self, raw: _socket.socket, address: Any) -> None:
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
        spawn = self._spawn
        try:
            if spawn is None:
                self._serve_in_hub(sock, address)
            else:
                spawn(self._serve_connection, sock, address)
        except BaseException:
            # gevent's do_handle closes the accepted socket before the error
            # goes to _do_read (reported, accepting backs off): the client
            # is not left hanging, and the registry lets go of it.
            if not sock.destroyed:
                sock.destroy()
            raise

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

    def _serve_connection(self, sock, address):
        """The connection's greenlet: prepare, 'connection', the handler, the driver loop.

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
                if self._handle is not None:  # gevent's handler, after the listeners' tasks
                    sock._defer(self._run_handle, sock, address)
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

    def remove(self, sock: Socket) -> None:
        """A connection was destroyed (called once per socket by the Socket)."""
        self._connections.discard(sock)
        self._emit_close_if_drained()

    def get_connections(self, callback: Listener) -> Self:
        """Node's ``getConnections(cb)``: ``cb(None, count)`` on a later turn (ERR_INVALID_ARG_TYPE)."""
        if not callable(callback):
            raise errors.ERR_INVALID_ARG_TYPE('callback', 'function', callback)
        _greenlets.run_soon(self._call_back, fit_arguments(callback, 2), None, len(self._connections))
        return self

    # --- closing -------------------------------------------------------------------

    def close(self, callback: Listener | None = None) -> Self:  # type: ignore[override]
        """Node's ``server.close([callback])``: stop accepting now; returns the server.

        Open connections stay; 'close' (and *callback*) once the last one ended,
        before its own 'close'. Not listening: *callback* gets ERR_SERVER_NOT_RUNNING.
        """
        if callable(callback):
            if self._state != _LISTENING:  # (fitted: JavaScript's arity rule)
                callback = partial(fit_arguments(callback, 1), errors.ERR_SERVER_NOT_RUNNING())
            self.once('close', callback)
        self._listen_id += 1
        if self.socket is not None:  # listening, or given to gevent's form and not started
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

    def _emit_close_if_drained(self):
        if self._state == _LISTENING or self._connections:
            return
        _greenlets.run_soon(self._emit_close)

    def _emit_close(self):
        self._closed_event.set()
        self._emit_server('close')

    def wait_closed(self, timeout: float | None = None) -> bool:
        """Block until 'close' has fired; True then, False if *timeout* passed first.

        *timeout* is in seconds (None = no limit), like gevent's ``stop()``.
        'close' fires once ``close()`` was called and the last connection
        ended, so this is ``close()``'s callback in blocking style. True at
        once if 'close' already fired since the last ``listen()``. Call it
        from a greenlet (the main one, a handler, ...), not from the hub.
        """
        return self._closed_event.wait(timeout)

    def stop(self, timeout: float | None = None) -> None:
        """Stop accepting, wait up to *timeout* s for the connections, end the rest.

        gevent's form: exactly gevent's ``stop()`` — ``close()``, then with
        a Pool wait up to *timeout* s for its handlers and kill the rest;
        without one, handlers go on running.

        Node's form: stops accepting at once (``close()``, unless the
        server is already closed, so 'close' fires exactly once), then
        waits up to *timeout* seconds (default ``stop_timeout``) for every
        connection to end. Handlers still running past the deadline are
        killed with ``GreenletExit``; their sockets are destroyed and each
        emits 'close'. Returns once the server's 'close' has fired.
        """
        if self._bind_on_start:
            return StreamServer.stop(self, timeout)
        if timeout is None:
            timeout = self.stop_timeout
        if self._state != _IDLE or self.socket is not None:
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

    def start(self) -> None:
        """gevent's start(), if not listening yet: bind and accept.

        gevent's form binds the constructor's address (a failure raises
        here, as in gevent); Node's form listens with Node's defaults
        (port 0 on every address; a failure is emitted as 'error').
        """
        if self._state != _IDLE:
            return
        if self._bind_on_start:
            self.init_socket()
        else:
            self.listen()

    def serve_forever(self, stop_timeout: float | None = None) -> None:
        """Start if needed, block until stopped, then ``stop(stop_timeout)``.

        gevent's form: gevent's — returns once ``stop()``/``close()`` was
        called. Node's form: returns once the server's 'close' fired (every
        connection ended). Either way, if this greenlet is killed or
        raises, the server is stopped on the way out, as gevent's is. An
        unhandled server 'error' (or a failing server listener) raises here.
        """
        self.start()
        self._crash_targets.append(getcurrent())
        try:
            if self._bind_on_start:
                self._stop_event.wait()
            else:
                self._closed_event.wait()
        finally:
            self._crash_targets.remove(getcurrent())
            if self._state != _IDLE or self._connections:
                gevent.spawn(self.stop, timeout=stop_timeout).join()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._bind_on_start:
            self.stop()  # gevent's: bounded by stop_timeout
        elif self._state != _IDLE:
            # Deliberate difference 6: close and do not wait for connections.
            # Node's asyncDispose does nothing for a server without a handle.
            self.close()

    # --- ref / unref -----------------------------------------------------------------

    def ref(self) -> Self:
        """Keep gnet.run() / gevent.wait() waiting for this server (default)."""
        self._refd = True
        self._apply_ref()
        return self

    def unref(self) -> Self:
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
        """Emit on a later hub turn, in a greenlet of its own (see :meth:`_emit_server`)."""
        _greenlets.run_soon(self._emit_server, name, *args)

    def _emit_server(self, name, *args):
        """Emit a server-level event (in a pool greenlet, never the hub: listeners may block)."""
        self._call_back(self.emit, name, *args)

    def _call_back(self, callback, *args):
        """Run server-level user code; a failure surfaces where Node would crash."""
        try:
            callback(*args)
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


def _request_handler_listener(server, handler_class):
    """A connection listener running a socketserver request handler unchanged.

    ``handler_class(request, client_address, server)`` runs as
    ``socketserver`` runs it (setup, handle, finish), then the connection
    is closed. See :mod:`gnet.legacy`.
    """
    from gnet.legacy import request_handler_listener
    return request_handler_listener(server, handler_class)

