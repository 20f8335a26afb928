"""``gnet.Socket``: Node's ``net.Socket``, the two stream halves joined over one descriptor.

As ``lib/net.js`` adds only the handle, connect, addresses and timeouts on
top of Node's Duplex (and uvloop's ``tcp.pyx`` on top of ``UVStream``),
this module adds them on top of :class:`~gnet.socket.readable.Readable`,
:class:`~gnet.socket.writable.Writable` and the blocking facade
:class:`~gnet.socket.blocking.Blocking`: owning the non-blocking stdlib
socket, holding the hub (ref/unref), destroy() and 'close', the inactivity
timer, socket options, addresses and ``readyState``. Connecting is
:mod:`gnet.socket.connect`.
"""

from __future__ import annotations

import socket as _stdsocket
from typing import TYPE_CHECKING, Any, Self

from gevent.hub import get_hub
from gevent.socket import cancel_wait_ex

from gnet import errors
from gnet._args import normalize_socket_options
from gnet.emitter import EventEmitter, camel_aliases
from gnet.events import SOCKET_EVENT_ARGS, SOCKET_EVENTS, SocketEvent
from gnet.socket._hub import _keep_alive_for, _reaper_for
from gnet.socket.blocking import BLOCKING_SLOTS, Blocking
from gnet.socket.connect import fd_type, init_socket_options, start_connect
from gnet.socket.readable import READABLE_SLOTS, Readable
from gnet.socket.writable import WRITABLE_SLOTS, Writable
from gnet.typedefs import AddressInfo, Listener, Options

if TYPE_CHECKING:  # gnet.server imports this module
    import gnet.proxy
    import gnet.server

__all__ = ['Socket']

_AF_UNIX = getattr(_stdsocket, 'AF_UNIX', None)


#: Socket constructor options gnet.socket.connect applies (Node's Socket constructor).
_CLIENT_OPTIONS = frozenset(('noDelay', 'keepAlive', 'signal', 'onread', 'readable', 'writable'))


def _close_quietly(raw):
    if raw is not None:
        try:
            raw.close()
        except OSError:
            pass


def _family_name(family: int) -> str:
    return 'IPv6' if family == _stdsocket.AF_INET6 else 'IPv4'



@camel_aliases({
    'setEncoding': 'set_encoding', 'setTimeout': 'set_timeout', 'setNoDelay': 'set_no_delay',
    'setKeepAlive': 'set_keep_alive', 'isPaused': 'is_paused', 'destroySoon': 'destroy_soon',
    'resetAndDestroy': 'reset_and_destroy',
    'remoteAddress': 'remote_address', 'remotePort': 'remote_port',
    'remoteFamily': 'remote_family', 'localAddress': 'local_address',
    'localPort': 'local_port', 'localFamily': 'local_family', 'bytesRead': 'bytes_read',
    'bytesWritten': 'bytes_written', 'readyState': 'ready_state',
    'writableLength': 'writable_length', 'readableLength': 'readable_length',
    'allowHalfOpen': 'allow_half_open', 'bufferSize': 'writable_length',
    'writableEnded': 'writable_ended', 'writableFinished': 'writable_finished',
    'readableEnded': 'readable_ended', 'readableFlowing': 'readable_flowing',
    'writableHighWaterMark': 'writable_high_water_mark',
    'writableNeedDrain': 'writable_need_drain',
    'proxyAddress': 'proxy_address', 'proxyPort': 'proxy_port',
    'autoSelectFamilyAttemptedAddresses': 'auto_select_family_attempted_addresses',
    'writableCorked': 'writable_corked', 'setDefaultEncoding': 'set_default_encoding',
    'readableHighWaterMark': 'readable_high_water_mark',
})
class Socket(Readable, Writable, Blocking, EventEmitter):
    """A stream connection with Node's ``net.Socket`` API and Python's socket habits.

    ``Socket(options=None, **kw)`` makes an unconnected client socket
    (``connect()`` it, or use :func:`gnet.connect`); options:
    ``allowHalfOpen``, ``highWaterMark``, and ``fd`` to adopt a connected
    socket descriptor. Servers build theirs with ``Socket._from_accepted``.
    """

    # Slots: an idle connection's memory is mostly this object (issue 7);
    # EventEmitter keeps a __dict__ slot, so subclasses and users may still
    # set attributes of their own (made on first use). Each half lists its own.
    __slots__ = READABLE_SLOTS + WRITABLE_SLOTS + BLOCKING_SLOTS + (
        '_hub',
        '_loop',
        '_raw',
        '_family',
        '_held',
        'destroyed',
        '_close_emitted',
        '_had_error',
        'connecting',
        '_connected',
        '_timeout_ms',   # (a slot, though rarely set: read per message)
        '_refd',
        '_peer',
        '_sockname',
        'server',
        '_registry',
        '_allow_half_open',
        '_fd',
    )

    destroyed: bool  #: Node's ``destroyed``: nothing more is read or written.
    connecting: bool  #: Node's ``connecting``: from ``connect()`` to 'connect' or a failure.
    server: gnet.server.Server | None  #: The Server that accepted it; None for a client.
    timeout: float | None  #: Node's ``timeout``: the last *ms* given to ``set_timeout()``.

    event_class = SocketEvent
    event_classes = SOCKET_EVENTS
    event_arg_counts = SOCKET_EVENT_ARGS

    #: The idle reaper's sweep interval, in seconds: a connection parked
    #: (its listeners returned, nothing to do) across one whole sweep — so
    #: idle for one to two intervals — has its greenlet released; its next
    #: event then runs in a fresh greenlet. None keeps one greenlet for the
    #: connection's whole life. Measured (10,000 idle connections opened in
    #: 0.5 s): 0.1 → 2.6 KiB/conn, 0.2 → 3.9, 0.5 → 4.7; Node 20: 3.6. A
    #: sweep costs ~0.15 µs per open connection.
    release_idle_after = 0.1
    #: Behind a PROXY-protocol balancer: the parsed header (gnet.proxy sets it,
    #: with _proxy, the balancer's own (address, port), and _peer_family).
    proxy_header: gnet.proxy.ProxyHeader | None = None
    _proxy: tuple[str, int] | None = None
    _peer_family: int | None = None
    #: Client side (gnet.socket.connect): cancels the connect(2) attempt in flight.
    _connect_cancel = None
    #: set_no_delay()/set_keep_alive() (or the options) before there is a
    #: descriptor: applied once connected, as Node's kSetNoDelay/kSetKeepAlive.
    _want_no_delay = False
    _want_keep_alive = (False, 0)
    _attempted_addresses = None
    # Rarely set state is a class default, stored per socket (in its
    # __dict__) only once set: a slot costs every connection 8 bytes.
    _timer: Any = None             # set_timeout()'s loop timer
    _errored: BaseException | None = None  # Node's ``errored``: the error destroy() got
    _last_active = 0.0             # loop time of the last read or write, with a timeout set
    _timeout_fired_at = -1.0       # loop time 'timeout' last fired (once per idle period)
    timeout = None  # (see the annotation above: Node's ``timeout``, None until set_timeout())

    def __init__(self, options: Options | None = None, _accepted: bool = False,
                 **kw: Any) -> None:
        super().__init__()
        if not _accepted:  # (a server's options are checked once, by the server)
            options = normalize_socket_options(options, kw)
        hub = get_hub()
        self._hub = hub
        self._loop = hub.loop
        self._raw = None
        self._family = None
        self._held = False             # counted in the hub's _KeepAlive
        self._init_readable()
        self._init_writable()
        self._init_blocking()
        self.destroyed = False
        self._close_emitted = False
        self._had_error = False
        self.connecting = False
        self._connected = False
        self._timeout_ms = 0           # set_timeout(), ms (0: none)
        self._refd = True
        self._peer: Any = None
        self._sockname: Any = None
        self.server = None
        self._registry = None
        self._allow_half_open = bool(options.get('allowHalfOpen'))
        hwm = options.get('highWaterMark')
        if hwm is not None:
            self.high_water_mark = hwm
        if options.get('fd') is not None:
            self._adopt_fd(options['fd'])
        if not _accepted and not _CLIENT_OPTIONS.isdisjoint(options):
            init_socket_options(self, options)

    # --- construction -----------------------------------------------------

    @classmethod
    def _from_accepted(cls, raw, server, options):
        """A socket for a connection the server accepted (raw non-blocking)."""
        sock = cls(options, _accepted=True)
        sock.server = server
        sock._attach(raw)
        sock._connected = True
        if options.get('pauseOnConnect'):
            sock._flowing = False
            sock._reading = False  # Node: nothing is read until resume() or read()
        return sock

    def _adopt_fd(self, fd):
        """Adopt a connected stream socket descriptor; ERR_INVALID_FD_TYPE for anything else."""
        kind = fd_type(fd)
        if kind != 'TCP':
            raise errors.ERR_INVALID_FD_TYPE(kind)
        raw = _stdsocket.socket(fileno=fd)
        self._attach(raw)
        self._connected = True

    def _attach(self, raw):
        """Take ownership of a connected (or connecting) stdlib socket."""
        raw.setblocking(False)
        self._raw = raw
        self._family = raw.family
        self._fd = raw.fileno()
        self._hold()
        if self.release_idle_after is not None:
            self._reaper = _reaper_for(self._hub, self.release_idle_after)
            self._reaper.sockets.add(self)

    def _hold(self):
        """Keep gnet.run() waiting while this socket is open and ref'd."""
        if not self._held and self._refd:
            self._held = True
            _keep_alive_for(self._loop).hold()

    def _unhold(self):
        if self._held:
            self._held = False
            _keep_alive_for(self._loop).release()

    def _io_watcher(self, events):
        """An unref'd I/O watcher on our fd (the hub is held by ``_KeepAlive``)."""
        watcher = self._loop.io(self._fd, events)
        watcher.ref = False
        # libuv: loop.io() is a per-fd multiplexing proxy; its real poll
        # handle is what counts, and uv_unref() on it sticks across starts.
        real = getattr(watcher, '_watcher_ref', None)
        if real is not None:
            real.ref = False
        return watcher

    # --- destroying ---------------------------------------------------------------

    def destroy(self, error: BaseException | None = None) -> Self:
        """Node's ``destroy([error])``: close now, dropping queued writes; 'error', 'close'."""
        if not self.destroyed:
            self._destroy(error, emit_error=error is not None)
        return self

    def _destroy(self, error, emit_error=True):
        """Node's destroy(), in Node 20's order (``destroy.js``; the writes'
        callbacks as :meth:`~gnet.socket.writable.Writable._cancel_writes` says),
        then 'close'(had_error) a loop turn later (the handle's close)."""
        self.destroyed = True
        self._had_error = error is not None
        if error is not None and self._errored is None:
            self._errored = error
        connecting, self.connecting = self.connecting, False
        self._release_fd()
        handler, inflight = self._cancel_writes(connecting)
        if handler is None and self._waiting_for_connect is None \
                and (self._buffered or self._on_finished):
            self._defer(self._error_buffer)  # nothing in flight: before 'error'
        registry = self._registry
        if registry is not None:
            self._registry = None
            registry.remove(self)  # the server's 'close' precedes ours (Node)
        if emit_error:
            self._defer(self.emit, 'error', error)
        # Node: the socket's 'close' waits for the handle's close callback,
        # one loop turn later, so it follows the server's 'close'.
        self._loop.run_callback(self._closed_handle, handler, inflight)

    def _closed_handle(self, handler, inflight):
        """A loop turn after destroy(): the in-flight writes' end, then 'close'."""
        if handler is not None:
            self._defer(handler, inflight)
        self._defer(self._emit_close)

    def _release_fd(self):
        """Stop every watcher, let go of the hub, close the descriptor.

        A greenlet blocked in recv()/sendall() on this socket (in another
        greenlet than the one closing it) is woken as gevent wakes it: with
        ``cancel_wait_ex`` ("File descriptor was closed in another
        greenlet"), and the descriptor closes only after that, on the next
        hub turn (gevent's ``cancel_waits_close_and_then``), so no watcher
        outlives it.
        """
        cancel = self._connect_cancel
        if cancel is not None:
            self._connect_cancel = None
            cancel()  # stop watching a connect(2) in flight before its fd closes
        if self._reaper is not None:
            self._reaper.sockets.discard(self)
            self._reaper = None
        self._unhold()
        for name in ('_read_watcher', '_write_watcher', '_timer'):
            watcher = getattr(self, name)
            if watcher is not None:
                watcher.stop()
                watcher.close()
                setattr(self, name, None)
        waits = (self._wait_watcher, self._wait_write_watcher)
        self._wait_watcher = self._wait_write_watcher = None
        if self._peer is None:
            self._sockname = None
        raw, self._raw = self._raw, None
        self._hub.cancel_waits_close_and_then(waits, cancel_wait_ex, _close_quietly, raw)

    def _hand_over(self):
        """Move the descriptor to a new gevent socket and return it.

        For gevent's ssl arguments (``wrap_socket`` needs a gevent socket
        it can detach). Watchers are closed before the descriptor leaves,
        so none outlives it; this socket stays in its server's registry,
        does no I/O of its own, and emits 'close' when closed or destroyed.
        """
        from gevent import socket as gsocket
        if self._rbuf:
            raise RuntimeError('bytes were already read from this connection')
        raw = self._raw
        self._peername()  # remote_address keeps answering
        family, type_, proto = raw.family, raw.type, raw.proto
        fd = raw.detach()
        self._release_fd()
        return gsocket.socket(family, type_, proto, fileno=fd)

    def _emit_close(self):
        if not self._close_emitted:
            self._close_emitted = True
            self._sockname = None
            self.emit('close', self._had_error)

    def destroy_soon(self) -> Self:
        """End our side; destroy once everything written is flushed."""
        if self.writable:
            self.end()
        if self._finished:
            self.destroy()
        else:
            self.once('finish', lambda: self.destroy())
        return self

    def reset_and_destroy(self) -> Self:
        """Close with RST instead of FIN (SO_LINGER 0), like Node.

        While connecting the reset waits for 'connect' (Node); a socket that
        never had a descriptor is destroyed with ERR_SOCKET_CLOSED.
        """
        if self.connecting:
            self.once('connect', self.reset_and_destroy)
            return self
        if self._raw is None and not self.destroyed and not self._connected:
            return self.destroy(errors.ERR_SOCKET_CLOSED())
        if self._raw is not None and not self.destroyed:
            try:
                self._raw.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_LINGER,
                                     b'\x01\x00\x00\x00\x00\x00\x00\x00')
            except OSError:
                pass
        return self.destroy()

    # --- timeouts, options, ref -----------------------------------------------------

    def set_timeout(self, ms: float, callback: Listener | None = None) -> Self:
        """Node's ``setTimeout(ms[, callback])``: 'timeout' (a notice) after *ms* **ms** idle.

        0: off; ``settimeout()`` is Python's, in seconds. *callback*: a once-listener.
        ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE for a bad *ms* or *callback*."""
        if isinstance(ms, bool) or not isinstance(ms, (int, float)):
            raise errors.ERR_INVALID_ARG_TYPE('msecs', 'number', ms)
        if ms != ms or ms < 0 or ms == float('inf'):
            raise errors.ERR_OUT_OF_RANGE('msecs', 'a non-negative finite number', ms)
        if callback is not None and not callable(callback):
            raise errors.ERR_INVALID_ARG_TYPE('callback', 'function', callback)
        if self.destroyed:
            return self
        self.timeout = ms
        if not ms:
            self._timeout_ms = 0
            if self._timer is not None:
                self._timer.stop()
            if callback is not None:
                self.remove_listener('timeout', callback)
            return self
        if callback is not None:
            self.once('timeout', callback)
        self._timeout_ms = ms
        self._last_active = self._loop.now()
        self._timeout_fired_at = -1.0
        self._arm_timer(ms / 1000.0)
        return self

    def _arm_timer(self, seconds):
        timer = self._timer
        if timer is not None:
            timer.stop()
            timer.close()
        # Node: socket timers never keep the process alive.
        timer = self._timer = self._loop.timer(max(seconds, 0.001))  # Node: at least 1 ms
        timer.ref = False
        timer.start(self._on_timer)

    def _on_timer(self):
        """Hub callback: 'timeout' once per idle period; re-arm after activity.

        Activity only stamps ``_last_active`` (no timer call per message);
        the timer looks at the stamp when it expires and re-arms for the
        rest of the period. After firing it waits for activity newer than
        the firing, then a full quiet period, before firing again (Node).
        """
        if not self._timeout_ms or self.destroyed:
            return
        now = self._loop.now()
        idle = (now - self._last_active) * 1000.0
        if self._queue and idle < self._timeout_ms * 2:
            idle = 0  # Node: a write in progress postpones the timeout
        if idle + 1 < self._timeout_ms:
            self._arm_timer((self._timeout_ms - idle) / 1000.0)
            return
        self._arm_timer(self._timeout_ms / 1000.0)
        if self._last_active < self._timeout_fired_at:
            return  # the same idle period: it already fired (activity in the
            # very loop turn of the firing has an equal stamp and counts)
        self._timeout_fired_at = now
        self._defer(self._emit_timeout)

    def _emit_timeout(self):
        if not self.destroyed:
            self.emit('timeout')

    def set_no_delay(self, no_delay: bool = True) -> Self:
        """Node's ``setNoDelay([noDelay])``: TCP_NODELAY (applied once connected; not Unix)."""
        if self._raw is None or self.connecting:
            self._want_no_delay = bool(no_delay)  # Node: applied once connected
        if self._raw is not None and self._family != _AF_UNIX and not self.destroyed:
            self._raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_NODELAY,
                                 1 if no_delay else 0)
        return self

    def set_keep_alive(self, enable: bool = False, initial_delay: float = 0) -> Self:
        """Node's ``setKeepAlive([enable][, initialDelay])``: *initial_delay* in **ms** (whole
        seconds of idle; 0: the system's), then 10 probes 1 s apart; once connected; not Unix."""
        raw = self._raw
        if raw is None or self.connecting:
            self._want_keep_alive = (bool(enable), initial_delay or 0)  # applied once connected
        if raw is None or self._family == _AF_UNIX or self.destroyed:
            return self
        raw.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_KEEPALIVE, 1 if enable else 0)
        seconds = int((initial_delay or 0) // 1000)
        if enable and seconds >= 1:
            raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_KEEPIDLE, seconds)
            raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_KEEPINTVL, 1)
            raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_KEEPCNT, 10)
        return self

    def ref(self) -> Self:
        """Keep gnet.run() waiting for this connection (the default)."""
        self._set_ref(True)
        return self

    def unref(self) -> Self:
        """Let gnet.run() return while this connection is still open."""
        self._set_ref(False)
        return self

    def _set_ref(self, value):
        self._refd = value
        if not value:
            self._unhold()
        elif self._raw is not None and not self.destroyed:
            self._hold()

    # --- addresses and state ------------------------------------------------------

    def _peername(self) -> Any:
        if self._peer is None and self._raw is not None and not self.destroyed:
            try:
                self._peer = self._raw.getpeername()
            except OSError:
                return None
        return self._peer

    def _localname(self):
        if self._sockname is None and self._raw is not None and not self.destroyed:
            try:
                self._sockname = self._raw.getsockname()
            except OSError:
                return None
        return self._sockname

    @property
    def remote_address(self) -> str | None:
        """Node's ``remoteAddress``: the peer's IP (str); None for Unix, unconnected,
        destroyed. Behind a PROXY-protocol balancer: the client's."""
        peer = self._peername()
        return peer[0] if isinstance(peer, tuple) else None

    @property
    def remote_port(self) -> int | None:
        """Node's ``remotePort``: the peer's port (int), or None as remote_address."""
        peer = self._peername()
        return peer[1] if isinstance(peer, tuple) else None

    @property
    def remote_family(self) -> str | None:
        """Node's ``remoteFamily``: ``'IPv4'``/``'IPv6'``, or None as remote_address."""
        peer = self._peername()
        if not isinstance(peer, tuple):
            return None
        return _family_name(self._peer_family or self._family)

    @property
    def proxy_address(self) -> str | None:
        """Behind a PROXY-protocol balancer, its address (remote_* are the client's)."""
        return self._proxy[0] if self._proxy else None

    @property
    def proxy_port(self) -> int | None:
        """Behind a PROXY-protocol balancer, its port (an int); None otherwise."""
        return self._proxy[1] if self._proxy else None

    @property
    def local_address(self) -> str | None:
        """Node's ``localAddress``: our end's IP (str); None for Unix, unconnected, destroyed."""
        name = self._localname()
        return name[0] if isinstance(name, tuple) else None

    @property
    def local_port(self) -> int | None:
        """Node's ``localPort``: our end's port (int), or None as local_address."""
        name = self._localname()
        return name[1] if isinstance(name, tuple) else None

    @property
    def local_family(self) -> str | None:
        """Node's ``localFamily``: ``'IPv4'``/``'IPv6'``, or None as local_address."""
        name = self._localname()
        return _family_name(self._family) if isinstance(name, tuple) else None

    def address(self) -> AddressInfo | dict[str, Any]:
        """``{'port', 'family', 'address'}`` of our end; ``{}`` for Unix or closed."""
        name = self._localname()
        if not isinstance(name, tuple):
            return {}
        return {'address': name[0], 'family': _family_name(self._family), 'port': name[1]}

    @property
    def ready_state(self) -> str:
        """Node's ``readyState``: ``'opening'``, ``'open'``, ``'readOnly'`` (after our
        ``end()``), ``'writeOnly'`` (after the peer's FIN), ``'closed'`` (done,
        destroyed, or, unlike Node's ``'open'``, never connected)."""
        if self.connecting:
            return 'opening'
        if self.destroyed:
            return 'closed'  # (Node: a new, unconnected Socket is 'open')
        readable = not self._read_ended
        writable = not self._ended
        if readable and writable:
            return 'open'
        if readable:
            return 'readOnly'
        if writable:
            return 'writeOnly'
        return 'closed'

    @property
    def pending(self) -> bool:
        """Node's ``pending``: True until connected (never connected, or connecting)."""
        return self._raw is None or self.connecting

    @property
    def auto_select_family_attempted_addresses(self) -> list[str] | None:
        """``'ip:port'`` of each happy-eyeballs attempt (None unless several addresses were tried)."""
        return self._attempted_addresses

    @property
    def allow_half_open(self) -> bool:
        """Node's ``allowHalfOpen``: False (default) ends our side after the peer's FIN."""
        return self._allow_half_open

    @property
    def closed(self) -> bool:
        """True once destroyed (Node sets it in destroy(), before 'close')."""
        return self.destroyed

    @property
    def errored(self) -> BaseException | None:
        """The error the socket was destroyed with, else None (Node's ``errored``)."""
        return self._errored

    def __repr__(self):
        peer = self._peer or (self._raw and not self.destroyed and self._peername())
        return '<gnet.Socket %s%s>' % (peer or '', ' destroyed' if self.destroyed else '')

    # --- connecting (see gnet.socket.connect) ----------------------------------------

    def _undestroy(self):
        """Back to a fresh, unconnected socket (Node's ``_undestroy()`` in connect()).

        Listeners, options and the flowing state stay; the byte counters
        start again, as they do on Node's new handle.
        """
        self.destroyed = self._close_emitted = self._had_error = False
        self._errored = None
        self._read_ended = self._end_emitted = False
        self._ended = self._finished = self._shutdown_pending = False
        self._connected = self._need_drain = False
        self._peer = self._sockname = None
        self._rbuf = b''
        self._rtext = ''
        self._queue = self._buffered = None
        self._queued = self._bytes_read = self._accepted = self._inflight = 0

    def _after_connect(self):
        """Hook after 'connect' and 'ready' on the client side (TLS: the handshake)."""

    def connect(self, *args: Any, **kwargs: Any) -> Self:
        """Node's ``socket.connect(...)``; see :func:`gnet.connect`."""
        return start_connect(self, args, kwargs)
