"""``gnet.Socket``: one connection, in Node's event style and Python's blocking style.

One concept lives here: a stream connection and the greenlet that drives
it. A Socket is either handed out by a :class:`gnet.Server` ('connection')
or made by :mod:`gnet.client` (``gnet.connect``); the accept loop, the
registry of connections and the lookup/connect steps live in those modules.

How a connection runs
---------------------
Every connection has one *driver* greenlet (the one StreamServer spawned
for it, or the client's). User code for this connection — the connection
listener, every event listener, write callbacks — runs in that greenlet,
one call at a time, in Node's order. The driver loop (:meth:`Socket._drive`):

1. runs queued tasks (Node's ``process.nextTick`` for this socket: write
   callbacks, 'drain', 'end', 'close', ...);
2. while flowing, reads and emits 'data';
3. parks on the hub until the socket is readable or a task is queued.

While nobody reads (no 'data' listener, no resume(), no blocking read in
progress) the parked driver still reads one chunk ahead, as Node's
``read(0)`` does, so a bare FIN or a reset is noticed; a blocking read or
the first 'data' takes those bytes first.

Keeping the hub alive: the I/O watchers are all unref'd; one never-fired
async watcher per open socket holds the loop instead (Node keeps the
process alive while a socket is open, paused or not, unless unref'd), so
ref()/unref() touch one watcher, and on libuv the shared per-fd poll
handle never decides it.

Writes never block: :meth:`Socket.write` tries ``send()`` at once and queues
the rest; a write watcher flushes the queue from the hub (no user code runs
there) and queues the callbacks and 'drain' for the driver.

The hot path (read → 'data' → write) follows ``bench/servers/
gevent_tuned_echo.py``: one ``recv()`` and one ``send()`` per message on
the raw non-blocking socket, and after a short read wait for readability
instead of calling ``recv()`` into EAGAIN (libuv's rule).
"""

import binascii
import codecs
import io
import re
import socket as _stdsocket
import sys
from collections import deque

import gevent
from gevent import Timeout
from gevent.hub import get_hub
from greenlet import getcurrent
from zope.event import subscribers as _subscribers  # the list emit() checks too

from gnet import _greenlets, errors
from gnet.emitter import EventEmitter, camel_aliases
from gnet.events import SOCKET_EVENTS, SocketEvent

__all__ = ['Socket', 'ReadModeError']

_AF_UNIX = getattr(_stdsocket, 'AF_UNIX', None)
_SHUT_WR = _stdsocket.SHUT_WR

#: Bytes asked of one ``recv()`` in flowing mode (libuv reads 64 KiB too).
RECV_SIZE = 65536

#: Node 20's default highWaterMark for sockets.
DEFAULT_HIGH_WATER_MARK = 16384

# Why the driver was woken from its park (values passed to switch()).
_WOKEN_READABLE = 1
_WOKEN_TASK = 2
_RELEASED = 3   # the idle reaper took the greenlet back (see _IdleReaper)


class _IdleReaper:
    """Releases the greenlets of connections that sit idle, one sweep per interval.

    A parked greenlet costs its saved stack and a page of Python frame
    stack (~8 KiB); an idle connection whose listeners have returned needs
    none of it. One unref'd timer per hub looks at every open socket each
    *interval*: one that has been parked since the previous sweep gets its
    greenlet released, and its next event starts a fresh one. Nothing here
    runs per message; a socket only counts its parks.
    """

    def __init__(self, hub, interval):
        self.sockets = set()
        self.timer = hub.loop.timer(interval, interval)
        self.timer.ref = False
        self.timer.start(self.sweep)

    def sweep(self):
        for sock in list(self.sockets):
            if sock._parked and sock._parks == sock._parks_swept:
                sock._driver.switch(_RELEASED)
            else:
                sock._parks_swept = sock._parks


_reapers = {}


def _reaper_for(hub, interval):
    """The reaper of this hub for this interval (one per class setting in use)."""
    reaper = _reapers.get((hub, interval))
    if reaper is None:
        reaper = _reapers[hub, interval] = _IdleReaper(hub, interval)
    return reaper


def _noop():
    """The keep-alive watcher's callback; it is never signalled."""


class _KeepAlive:
    """Node's "an open socket keeps the process alive", as one watcher per hub.

    The socket's own I/O watchers are unref'd (they come and go with each
    wait); instead one ref'd async watcher, never signalled, is started
    while at least one open, ref'd socket counts on it. A count rather than
    a watcher per socket: ~0.3 KiB and ~0.3 µs less per connection.
    """

    def __init__(self, loop):
        self.count = 0
        self.watcher = loop.async_()
        self.watcher.ref = False
        # Started once and never stopped: only its ref changes (a stopped
        # libuv async handle still holds the loop until it is closed).
        self.watcher.start(_noop)

    def hold(self):
        self.count += 1
        if self.count == 1:
            self.watcher.ref = True

    def release(self):
        self.count -= 1
        if self.count == 0:
            self.watcher.ref = False


_keep_alives = {}


def _keep_alive_for(loop):
    keep_alive = _keep_alives.get(loop)
    if keep_alive is None:
        keep_alive = _keep_alives[loop] = _KeepAlive(loop)
    return keep_alive


class ReadModeError(RuntimeError):
    """Blocking reads (recv, read, makefile) on a socket in flowing mode.

    A socket delivers its bytes either as 'data' events or to blocking
    reads, never both at once: pause() it first, or do not attach 'data'.
    """


def _family_name(family):
    return 'IPv6' if family == _stdsocket.AF_INET6 else 'IPv4'


def _to_bytes(data, encoding):
    """Node's chunk rules: bytes-like as is, str encoded, anything else an error."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return data
    if isinstance(data, str):
        try:
            name = _python_encoding(encoding or 'utf8')
        except LookupError:
            raise errors.ERR_UNKNOWN_ENCODING(encoding) from None
        return _encode(data, name, encoding)
    if data is None:
        raise errors.ERR_STREAM_NULL_VALUES()
    raise errors.ERR_INVALID_ARG_TYPE('chunk', 'string or an instance of Buffer, TypedArray, or DataView',
                                      data)


def _encode(text, name, encoding):
    """*text* as bytes the way Node's ``Buffer.from(text, encoding)`` makes them.

    Node never refuses a string: a lone surrogate becomes U+FFFD in UTF-8
    and is kept as its code unit in UCS-2; latin1/ascii keep the low byte
    of each UTF-16 code unit; hex stops at the first bad digit pair;
    base64 skips what is not base64. (The reliability fuzzer found each.)
    """
    if name == 'hex':
        return bytes.fromhex(_HEX_PREFIX.match(text).group(0))
    if name == 'base64':
        text = _NOT_BASE64.sub('', text.split('=', 1)[0]).translate(_URL_SAFE)
        text = text[:len(text) - (len(text) % 4 == 1)]
        return binascii.a2b_base64(text + '=' * (-len(text) % 4))
    try:
        return text.encode(name)
    except UnicodeEncodeError:
        if name in ('latin-1', 'ascii'):
            return text.encode('utf-16-le', 'surrogatepass')[::2]
        if name == 'utf-16-le':
            return text.encode(name, 'surrogatepass')
        if name == 'utf-8':
            # paired surrogates join into one character, lone ones become U+FFFD
            return text.encode('utf-16-le', 'surrogatepass').decode(
                'utf-16-le', 'replace').encode(name)
        raise errors.ERR_INVALID_ARG_VALUE('encoding', encoding, 'cannot encode this string')
    except (LookupError, TypeError, ValueError):  # not a text codec ('rot13', 'undefined', ...)
        raise errors.ERR_UNKNOWN_ENCODING(encoding) from None


_HEX_PREFIX = re.compile(r'(?:[0-9a-fA-F]{2})*')
_NOT_BASE64 = re.compile(r'[^A-Za-z0-9+/_-]')
_URL_SAFE = str.maketrans('-_', '+/')

_NODE_ENCODINGS = {'utf8': 'utf-8', 'utf-8': 'utf-8', 'latin1': 'latin-1', 'binary': 'latin-1',
                   'ascii': 'ascii', 'ucs2': 'utf-16-le', 'utf16le': 'utf-16-le',
                   'utf-16le': 'utf-16-le', 'hex': 'hex', 'base64': 'base64'}


def _python_encoding(encoding):
    """The Python codec for a Node encoding name (LookupError if there is none)."""
    if not isinstance(encoding, str):
        raise LookupError(encoding)  # Node: ERR_UNKNOWN_ENCODING for any non-string
    name = _NODE_ENCODINGS.get(encoding.lower(), encoding)
    try:
        codecs.lookup(name)
    except ValueError:  # e.g. an embedded NUL
        raise LookupError(encoding) from None
    return name


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
})
class Socket(EventEmitter):
    """A stream connection with Node's ``net.Socket`` API and Python's socket habits.

    ``Socket(options=None, **kw)`` makes an unconnected client socket
    (``connect()`` it, or use :func:`gnet.connect`); options:
    ``allowHalfOpen``, ``highWaterMark``, and ``fd`` to adopt a connected
    socket descriptor. Servers build theirs with :meth:`_from_accepted`.
    """

    # Slots: an idle connection's memory is mostly this object (issue 7);
    # EventEmitter keeps a __dict__ slot, so subclasses and users may still
    # set attributes of their own (made on first use).
    __slots__ = (
        '_hub',
        '_loop',
        '_raw',
        '_family',
        '_read_watcher',
        '_write_watcher',
        '_wait_watcher',
        '_wait_write_watcher',
        '_drained',
        '_timer',
        '_held',
        '_driver',
        '_parked',
        '_parks',
        '_parks_swept',
        '_released',
        '_reaper',
        '_tasks',
        '_flowing',
        '_read_ended',
        '_end_emitted',
        '_rbuf',
        '_decoder',
        '_ended',
        '_finished',
        '_on_finished',
        '_shutdown_pending',
        '_queue',
        '_queued',
        '_need_drain',
        '_accepted',
        '_bytes_read',
        'destroyed',
        '_close_emitted',
        '_had_error',
        'connecting',
        '_connected',
        '_timeout_ms',
        '_last_active',
        '_timeout_fired_at',
        '_refd',
        '_peer',
        '_sockname',
        '_block_timeout',
        'server',
        '_registry',
        'timeout',
        '_allow_half_open',
        '_fd',
    )

    event_class = SocketEvent
    event_classes = SOCKET_EVENTS

    #: Bytes queued before write() returns False (Node 20: 16 KiB).
    high_water_mark = DEFAULT_HIGH_WATER_MARK

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
    proxy_header = None
    _proxy = None
    _peer_family = None

    def __init__(self, options=None, **kw):
        super().__init__()
        from gnet._args import normalize_server_options
        options = normalize_server_options(options, kw)
        hub = get_hub()
        self._hub = hub
        self._loop = hub.loop
        self._raw = None
        self._family = None
        self._read_watcher = None
        self._write_watcher = None
        self._wait_watcher = None      # recv() waits here (readable)
        self._wait_write_watcher = None  # send()/sendall() wait here (writable)
        self._drained = False          # blocking recv(): the last read was short
        self._timer = None
        self._held = False             # counted in the hub's _KeepAlive
        self._driver = None
        self._parked = False
        self._parks = 0                # times parked (the idle reaper compares)
        self._parks_swept = -1
        self._released = False         # no greenlet: the next event starts one
        self._reaper = None
        self._tasks = []               # (fn, args): Node's nextTick for this socket
        self._flowing = None           # Node's readableFlowing: None/True/False
        self._read_ended = False       # EOF (or reset) seen
        self._end_emitted = False
        self._rbuf = b''               # blocking-style read-ahead (readline)
        self._decoder = None
        self._ended = False            # end() called
        self._finished = False         # 'finish' emitted
        self._on_finished = None       # end() callbacks: run just before 'finish'
        self._shutdown_pending = False
        self._queue = None             # deque of [data, callback] the kernel has not taken
        self._queued = 0               # bytes in _queue (writable_length)
        self._need_drain = False
        self._accepted = 0             # bytes passed to write() (bytes_written)
        self._bytes_read = 0
        self.destroyed = False
        self._close_emitted = False
        self._had_error = False
        self.connecting = False
        self._connected = False
        self._timeout_ms = 0
        self._last_active = 0.0
        self._timeout_fired_at = -1.0  # loop time 'timeout' last fired (once per idle period)
        self._refd = True
        self._peer = None
        self._sockname = None
        self._block_timeout = None     # settimeout() for blocking calls
        self.server = None
        self._registry = None
        self.timeout = None
        self._allow_half_open = bool(options.get('allowHalfOpen'))
        hwm = options.get('highWaterMark')
        if hwm is not None:
            self.high_water_mark = hwm
        if options.get('fd') is not None:
            self._adopt_fd(options['fd'])

    # --- construction -----------------------------------------------------

    @classmethod
    def _from_accepted(cls, raw, server, options):
        """A socket for a connection the server accepted (raw non-blocking)."""
        sock = cls(options)
        sock.server = server
        sock._attach(raw)
        sock._connected = True
        if options.get('pauseOnConnect'):
            sock._flowing = False
        return sock

    def _adopt_fd(self, fd):
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

    # --- the driver ---------------------------------------------------------

    def _drive(self):
        """The connection's loop: tasks, then reads, then park; until 'close'."""
        try:
            self._drive_loop()
        finally:
            if self._driver is getcurrent():
                self._driver = None  # the greenlet goes back to the pool

    def _drive_loop(self):
        tasks = self._tasks
        while True:
            try:
                while tasks:
                    task, args = tasks.pop(0)
                    task(*args)
                if self._close_emitted:
                    return
                if self._flowing and not self._read_ended and not self.destroyed \
                        and not self.connecting:  # Node reads only after 'connect'
                    pumped = self._pump()
                    if pumped == _RELEASED:
                        self._go_idle()
                        return
                    if pumped:
                        continue
                if self._park() == _RELEASED:
                    self._go_idle()
                    return
            except gevent.GreenletExit:
                self._killed()
                return
            except BaseException as exc:  # a listener failed: this connection only
                self._fail(exc)

    def _pump(self):
        """Read and emit 'data' while bytes keep coming (the hot path).

        Per message: one ``recv()``, the 'data' listener, and — after a
        short read, the common case — a park on the read watcher right
        here (libuv's rule: wait for readability instead of calling
        ``recv()`` into EAGAIN), without going back round :meth:`_drive`.
        Returns True to go round the driver loop (tasks were queued, the
        flow stopped), False to park there, or _RELEASED.
        """
        recv = self._raw.recv
        emit = self.emit
        events = self._events
        tasks = self._tasks
        watcher = self._read_watcher or self._make_read_watcher()
        switch = self._driver.switch
        hub_switch = self._hub.switch
        while True:
            try:
                data = recv(RECV_SIZE)
            except BlockingIOError:
                return False
            except InterruptedError:
                continue
            except OSError as exc:
                self._read_failed(exc)
                return True
            size = len(data)
            if not size:
                self._on_eof()
                return True
            self._bytes_read += size
            if self._timeout_ms:
                self._last_active = self._loop.now()
            if self._decoder is not None:
                data = self._decoder.decode(data)
                if data:
                    emit('data', data)
            else:
                listeners = events.get('data', ())
                if len(listeners) == 1 and not _subscribers:
                    listeners[0](data)  # emit()'s work for one listener, minus a call
                else:
                    emit('data', data)
            if tasks or not self._flowing or self._read_ended or self.destroyed:
                return True
            if size < RECV_SIZE:
                watcher.start(switch, _WOKEN_READABLE)
                self._parked = True
                self._parks += 1
                try:
                    woken_by = hub_switch()
                finally:
                    self._parked = False
                    watcher.stop()
                if woken_by != _WOKEN_READABLE:
                    return woken_by  # a task (True) or the reaper (_RELEASED)

    def _park(self):
        """Give the hub control until readable (when reading) or a task arrives."""
        watcher = None
        if not self.destroyed and not self._read_ended and not self.connecting:
            if self._flowing:
                watcher = self._read_watcher or self._make_read_watcher()
                watcher.start(self._driver.switch, _WOKEN_READABLE)
            elif self._flowing is None and self._raw is not None and self._connected \
                    and not self._rbuf:
                watcher = self._read_watcher or self._make_read_watcher()
                watcher.start(self._read_ahead)
        self._parked = True
        self._parks += 1
        try:
            return self._hub.switch()
        finally:
            self._parked = False
            if watcher is not None:
                watcher.stop()

    def _go_idle(self):
        """Let the driver greenlet end; a watcher callback revives the socket."""
        self._driver = None
        self._released = True
        if self.destroyed or self._read_ended or self.connecting:
            return  # only a task (_wake) can have more to do
        if self._flowing:
            watcher = self._read_watcher or self._make_read_watcher()
            watcher.start(self._start_driver)
        elif self._flowing is None and self._connected and not self._rbuf:
            watcher = self._read_watcher or self._make_read_watcher()
            watcher.start(self._read_ahead)

    def _make_read_watcher(self):
        self._read_watcher = self._io_watcher(1)
        return self._read_watcher

    def _read_ahead(self):
        """Hub callback while nobody reads: buffer one chunk, as Node's read(0) does.

        So a reset is noticed (Node B2) and a bare FIN gives 'end' (J2);
        once a chunk waits, watching stops until a reader takes it, so a
        FIN or reset behind unread data goes unseen, as in Node (J1).
        """
        if self._wait_watcher is not None and self._wait_watcher.active:
            return  # a greenlet blocked in recv() takes these bytes itself
        try:
            data = self._raw.recv(self.high_water_mark)
        except BlockingIOError:
            return
        except OSError as exc:
            self._read_watcher.stop()
            self._read_ended = True
            self._defer(self._read_failed, exc)
            return
        if not data:
            self._read_watcher.stop()
            self._defer(self._on_eof)
            return
        self._read_watcher.stop()
        self._bytes_read += len(data)
        self._rbuf = data

    def _wake(self):
        """Make the driver look at its tasks (called from any greenlet or the hub)."""
        driver = self._driver
        if self._parked:
            if getcurrent() is self._hub:
                driver.switch(_WOKEN_TASK)
            else:
                self._loop.run_callback(self._switch_if_parked)
        elif driver is None or driver.dead:
            self._start_driver()

    def _switch_if_parked(self):
        if self._parked:
            self._driver.switch(_WOKEN_TASK)

    def _start_driver(self):
        """Run the driver loop in a fresh greenlet (client sockets, or revived)."""
        if self._released:
            self._released = False
            if self._read_watcher is not None:
                self._read_watcher.stop()  # the new driver arms it again
        self._driver = _greenlets.spawn(self._drive_reporting)

    def _drive_reporting(self):
        try:
            self._drive()
        except BaseException:  # pragma: no cover - _drive handles everything
            self._hub.handle_error(self, *sys.exc_info())

    def _defer(self, fn, *args):
        """Queue *fn(*args)* to run in the driver, like Node's nextTick."""
        self._tasks.append((fn, args))
        if getcurrent() is not self._driver:
            self._wake()

    def _run_in_driver(self):
        """Enter the driver loop in the current greenlet (the server's spawn)."""
        self._driver = getcurrent()
        self._drive()

    # --- failures -------------------------------------------------------------

    def _fail(self, exc):
        """A listener of this connection raised: destroy it, report the error.

        The error goes to 'error' listeners if there are any, else to the
        hub's usual report on stderr; the server and other connections go on.
        """
        if self.listener_count('error') and not self.destroyed:
            self.destroy(exc)
            return
        self._hub.handle_error(self, type(exc), exc, exc.__traceback__)
        if not self.destroyed:  # (an 'error' listener itself may have raised)
            self._destroy(exc, emit_error=False)

    def _killed(self):
        """GreenletExit (server.stop() past its deadline): close, quietly."""
        self._tasks.clear()
        if not self.destroyed:
            self._destroy(None, emit_error=False)
        self._emit_close()

    def _read_failed(self, exc):
        self._read_ended = True
        if not self.destroyed:
            self.destroy(errors.errno_exception(exc, 'read'))

    # --- reading ----------------------------------------------------------------

    def _listener_added(self, name):
        # Node: a 'data' listener starts the flow unless pause() was called.
        if name == 'data' and self._flowing is None:
            self.resume()

    def _on_eof(self):
        """The peer sent FIN: 'end', then (without allowHalfOpen) our own end()."""
        if self._read_ended and self._end_emitted:
            return
        self._read_ended = True
        if self._flowing is False or (self._flowing is None and self._rbuf):
            return  # 'end' waits for a reader to take what is buffered (Node J1)
        self._emit_end()

    def _emit_end(self):
        if self._end_emitted or self.destroyed:
            return
        self._end_emitted = True
        if self._decoder is not None:
            rest = self._decoder.decode(b'', final=True)
            if rest:
                self.emit('data', rest)
        self.emit('end')
        if self._finished:
            self.destroy()
        elif not self._allow_half_open and not self._ended:
            self._defer(self.end)

    def pause(self):
        """Stop 'data' events; the kernel buffer then fills (real backpressure)."""
        self._flowing = False
        return self

    def resume(self):
        """Start (or restart) 'data' events."""
        if self._flowing is not True:
            self._flowing = True
            if self._rbuf:
                chunk, self._rbuf = self._rbuf, b''
                self._defer(self._emit_buffered, chunk)
            if self._read_ended and not self._end_emitted:
                self._defer(self._emit_end)
            elif getcurrent() is not self._driver:
                self._wake()
        return self

    def _emit_buffered(self, chunk):
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk)
        if chunk:
            self.emit('data', chunk)

    def is_paused(self):
        """True after pause() (Node: ``readableFlowing === false``)."""
        return self._flowing is False

    def set_encoding(self, encoding='utf8'):
        """Emit 'data' as str; a character split across reads comes out whole."""
        name = _python_encoding(encoding or 'utf8')
        self._decoder = codecs.getincrementaldecoder(name)()
        return self

    @property
    def readable_flowing(self):
        return self._flowing

    @property
    def readable_ended(self):
        return self._end_emitted

    @property
    def readable_length(self):
        return len(self._rbuf)

    # --- writing ----------------------------------------------------------------

    def write(self, data, encoding=None, callback=None):
        """Queue *data*; returns False once ``writable_length >= highWaterMark``.

        Never blocks: the kernel gets the bytes at once if it can take them,
        the rest is flushed when the socket is writable. *callback(err)* runs
        in this connection's greenlet once the data reached the kernel.
        """
        if callable(encoding):
            encoding, callback = None, encoding
        elif callback is not None and not callable(callback):
            callback = None  # Node: a callback that is not a function is ignored
        if type(data) is not bytes:
            data = _to_bytes(data, encoding)
        if self._ended or self.destroyed:
            return self._write_refused(callback)
        size = len(data)
        self._accepted += size
        if self._timeout_ms:
            self._last_active = self._loop.now()
        if not self._queue and self._connected:
            try:
                sent = self._raw.send(data)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                self._write_failed(exc, callback)
                return False
            if sent == size:
                if callback is not None:
                    self._defer(callback, None)
                return True
            data = memoryview(data)[sent:]
            size -= sent
        self._enqueue(data, callback)
        if self._queued >= self.high_water_mark:
            self._need_drain = True
            return False
        return True

    def _enqueue(self, data, callback):
        """Queue what the kernel did not take; flush when writable (if connected)."""
        if self._queue is None:
            self._queue = deque()  # made on first need: an idle socket holds none
        self._queue.append([data, callback])
        self._queued += len(data)
        if self._connected:
            self._start_flushing()

    def _write_refused(self, callback):
        """write() after end() or destroy(): Node's three different answers."""
        if self._end_emitted and self._ended and not self._allow_half_open:
            # Node's writeAfterFIN (installed at 'end'): EPIPE, even once closed.
            err = errors.ended_by_peer()
            if callback is not None:
                self._defer(callback, err)
            if not self.destroyed:
                self.destroy(err)
            return False
        if self.destroyed:
            err = errors.ERR_STREAM_DESTROYED('write')
            if callback is not None:
                self._defer(callback, err)
            return False
        err = errors.ERR_STREAM_WRITE_AFTER_END()
        if callback is not None:
            self._defer(callback, err)
        self._defer(self.destroy, err)
        return False

    def _write_failed(self, exc, callback):
        err = errors.errno_exception(exc, 'write')
        if callback is not None:
            self._defer(callback, err)
        self._defer(self.destroy, err)

    def _start_flushing(self):
        watcher = self._write_watcher
        if watcher is None:
            watcher = self._write_watcher = self._io_watcher(2)
        if not watcher.active:
            watcher.start(self._flush)

    def _flush(self):
        """Hub callback: give queued bytes to the kernel; queue callbacks and 'drain'."""
        queue = self._queue
        done = []
        send = self._raw.send
        while queue:
            entry = queue[0]
            try:
                sent = send(entry[0])
            except BlockingIOError:
                break
            except OSError as exc:
                self._write_watcher.stop()
                self._defer(self.destroy, errors.errno_exception(exc, 'write'))
                return
            self._queued -= sent
            if sent < len(entry[0]):
                entry[0] = memoryview(entry[0])[sent:]
                break
            queue.popleft()
            if entry[1] is not None:
                done.append(entry[1])
        if queue:
            for callback in done:
                self._tasks.append((callback, (None,)))
            if done:
                self._wake()
            return
        self._write_watcher.stop()
        if self._need_drain:
            # Node's afterWrite: 'drain' before the callbacks of this batch.
            self._need_drain = False
            self._tasks.append((self._emit_drain, ()))
        for callback in done:
            self._tasks.append((callback, (None,)))
        if self._shutdown_pending:
            self._tasks.append((self._finish_end, ()))
        self._wake()

    def _emit_drain(self):
        if not self.destroyed:
            self.emit('drain')

    def end(self, data=None, encoding=None, callback=None):
        """Write *data* if given, then close our side after everything queued.

        'finish' follows once the FIN is sent; *callback* runs then.
        """
        if callable(data):
            data, callback = None, data
        elif callable(encoding):
            encoding, callback = None, encoding
        if data is not None:
            self.write(data, encoding)
        if callback is not None and not callable(callback):
            callback = None  # Node: a callback that is not a function is ignored
        if callback is not None:
            if self._finished:
                self._defer(callback, None)
            elif self.destroyed:
                self._defer(callback, errors.ERR_STREAM_DESTROYED('end'))
            else:
                self._on_finished = (self._on_finished or []) + [callback]  # before 'finish' listeners
        if self._ended or self.destroyed:
            return self
        self._ended = True
        if not self._connected:
            return self  # connect() finishes the end
        if self._queue:
            self._shutdown_pending = True
        else:
            # Node: the shutdown completes a loop turn later, so 'finish'
            # follows what end()'s caller queued (a write after end()'s error)
            self._loop.run_callback(self._defer, self._finish_end)
        return self

    def _finish_end(self):
        """Everything is in the kernel: send FIN, emit 'finish', maybe close."""
        self._shutdown_pending = False
        if self.destroyed or self._finished:
            return
        if not self._end_emitted:
            # (When the peer has ended too, destroy() follows at once and its
            # close() sends the FIN: one syscall less per connection.)
            try:
                self._raw.shutdown(_SHUT_WR)
            except OSError:
                pass  # peer already gone: Node still finishes
        self._finished = True
        callbacks, self._on_finished = self._on_finished or (), None
        for callback in callbacks:
            callback(None)
        self.emit('finish')
        if self._end_emitted:
            self.destroy()  # Node's autoDestroy: both sides are done

    @property
    def writable_length(self):
        return self._queued

    @property
    def bytes_read(self):
        return self._bytes_read

    @property
    def bytes_written(self):
        return self._accepted

    @property
    def writable_ended(self):
        return self._ended

    @property
    def writable_finished(self):
        return self._finished

    @property
    def writable_need_drain(self):
        return self._need_drain

    @property
    def writable_high_water_mark(self):
        return self.high_water_mark

    @property
    def writable(self):
        return not self._ended and not self.destroyed

    @property
    def readable(self):
        return not self._read_ended and not self.destroyed

    # --- destroying ---------------------------------------------------------------

    def destroy(self, error=None):
        """Close now: queued data is dropped; 'error'(error) if given, then 'close'."""
        if not self.destroyed:
            self._destroy(error, emit_error=error is not None)
        return self

    def _destroy(self, error, emit_error=True):
        self.destroyed = True
        self._had_error = error is not None
        self._release_fd()
        pending = [entry[1] for entry in self._queue or () if entry[1] is not None]
        self._queue = None
        self._queued = 0
        for callback in pending:
            self._defer(callback, error or errors.ERR_STREAM_DESTROYED('write'))
        for callback in self._on_finished or ():
            self._defer(callback, error or errors.ERR_STREAM_DESTROYED('end'))
        self._on_finished = None
        registry = self._registry
        if registry is not None:
            self._registry = None
            registry.remove(self)  # the server's 'close' precedes ours (Node)
        if emit_error:
            self._defer(self.emit, 'error', error)
        # Node: the socket's 'close' waits for the handle's close callback,
        # one loop turn later, so it follows the server's 'close'.
        self._loop.run_callback(self._defer, self._emit_close)

    def _release_fd(self):
        if self._reaper is not None:
            self._reaper.sockets.discard(self)
            self._reaper = None
        for waiter in (self._wait_watcher, self._wait_write_watcher):
            if waiter is not None:
                # wake a greenlet blocked in recv()/sendall() with an error
                self._hub.cancel_wait(waiter, errors.ERR_SOCKET_CLOSED())
        self._unhold()
        for name in ('_read_watcher', '_write_watcher', '_wait_watcher', '_wait_write_watcher',
                     '_timer'):
            watcher = getattr(self, name)
            if watcher is not None:
                watcher.stop()
                watcher.close()
                setattr(self, name, None)
        if self._peer is None:
            self._sockname = None
        raw, self._raw = self._raw, None
        if raw is not None:
            try:
                raw.close()
            except OSError:
                pass

    def _emit_close(self):
        if not self._close_emitted:
            self._close_emitted = True
            self._sockname = None
            self.emit('close', self._had_error)

    def destroy_soon(self):
        """End our side; destroy once everything written is flushed."""
        if self.writable:
            self.end()
        if self._finished:
            self.destroy()
        else:
            self.once('finish', lambda: self.destroy())
        return self

    def reset_and_destroy(self):
        """Close with RST instead of FIN (SO_LINGER 0), like Node."""
        if self._raw is not None and not self.destroyed:
            try:
                self._raw.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_LINGER,
                                     b'\x01\x00\x00\x00\x00\x00\x00\x00')
            except OSError:
                pass
        return self.destroy()

    # --- timeouts, options, ref -----------------------------------------------------

    def set_timeout(self, ms, callback=None):
        """Emit 'timeout' after *ms* of inactivity (notification only; 0 = off)."""
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

    def set_no_delay(self, no_delay=True):
        """TCP_NODELAY on (default) or off; nothing on a Unix socket."""
        if self._raw is not None and self._family != _AF_UNIX and not self.destroyed:
            self._raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_NODELAY,
                                 1 if no_delay else 0)
        return self

    def set_keep_alive(self, enable=False, initial_delay=0):
        """SO_KEEPALIVE, with Node's whole-second idle time, 1 s interval, 10 probes."""
        raw = self._raw
        if raw is None or self._family == _AF_UNIX or self.destroyed:
            return self
        raw.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_KEEPALIVE, 1 if enable else 0)
        seconds = int((initial_delay or 0) // 1000)
        if enable and seconds >= 1:
            raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_KEEPIDLE, seconds)
            raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_KEEPINTVL, 1)
            raw.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_KEEPCNT, 10)
        return self

    def ref(self):
        """Keep gnet.run() waiting for this connection (the default)."""
        self._set_ref(True)
        return self

    def unref(self):
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

    def _peername(self):
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
    def remote_address(self):
        peer = self._peername()
        return peer[0] if isinstance(peer, tuple) else None

    @property
    def remote_port(self):
        peer = self._peername()
        return peer[1] if isinstance(peer, tuple) else None

    @property
    def remote_family(self):
        peer = self._peername()
        if not isinstance(peer, tuple):
            return None
        return _family_name(self._peer_family or self._family)

    @property
    def proxy_address(self):
        """Behind a PROXY-protocol balancer, its address (remote_* are the client's)."""
        return self._proxy[0] if self._proxy else None

    @property
    def proxy_port(self):
        return self._proxy[1] if self._proxy else None

    @property
    def local_address(self):
        name = self._localname()
        return name[0] if isinstance(name, tuple) else None

    @property
    def local_port(self):
        name = self._localname()
        return name[1] if isinstance(name, tuple) else None

    @property
    def local_family(self):
        name = self._localname()
        return _family_name(self._family) if isinstance(name, tuple) else None

    def address(self):
        """``{'port', 'family', 'address'}`` of our end; ``{}`` for Unix or closed."""
        name = self._localname()
        if not isinstance(name, tuple):
            return {}
        return {'address': name[0], 'family': _family_name(self._family), 'port': name[1]}

    @property
    def ready_state(self):
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
    def pending(self):
        return self._raw is None or self.connecting

    @property
    def allow_half_open(self):
        return self._allow_half_open

    def __repr__(self):
        peer = self._peer or (self._raw and not self.destroyed and self._peername())
        return '<gnet.Socket %s%s>' % (peer or '', ' destroyed' if self.destroyed else '')

    # --- blocking style -----------------------------------------------------------

    def _check_blocking_read(self, what):
        if self._flowing is True:
            raise ReadModeError(
                '%s() on a socket in flowing mode: its bytes go to \'data\' listeners; '
                'call pause() first or read in one style only' % what)
        if self._raw is None:
            raise errors.ERR_SOCKET_CLOSED() if self.destroyed else OSError(
                'socket is not connected')

    def _wait(self, events):
        """Block this greenlet until the fd is readable (1) or writable (2)."""
        if events == 1:
            watcher = self._wait_watcher or self._make_wait_watcher(1)
        else:
            watcher = self._wait_write_watcher or self._make_wait_watcher(2)
        if self._block_timeout is None:
            # The common case, parked as _pump parks: no Waiter, no Timeout.
            # (hub.cancel_wait() still works: it throws into the callback's
            # greenlet.) Callers loop and re-check, so an early switch is harmless.
            watcher.start(getcurrent().switch)
            try:
                self._hub.switch()
            finally:
                watcher.stop()
            return
        timeout = Timeout._start_new_or_dummy(self._block_timeout,
                                              _stdsocket.timeout('timed out'))
        try:
            self._hub.wait(watcher)
        finally:
            timeout.close()

    def _make_wait_watcher(self, events):
        watcher = self._io_watcher(events)
        if events == 1:
            self._wait_watcher = watcher
        else:
            self._wait_write_watcher = watcher
        return watcher

    def recv(self, bufsize, flags=0):
        """Block until data arrives; return up to *bufsize* bytes, b'' at EOF."""
        self._check_blocking_read('recv')
        while True:
            if self._rbuf:
                data, self._rbuf = self._rbuf[:bufsize], self._rbuf[bufsize:]
                return data
            if self._read_ended or self.destroyed:
                if self._read_ended and not self._end_emitted:
                    self._defer(self._emit_end)  # the buffered bytes are read now (J1)
                return b''
            if self._drained:
                # libuv's rule: after a short read, wait for readability
                # rather than calling recv() into EAGAIN.
                self._drained = False
                self._wait(1)
                continue
            try:
                data = self._raw.recv(bufsize, flags)
            except BlockingIOError:
                self._wait(1)
                continue
            except OSError as exc:
                self._read_ended = True
                self._defer(self.destroy, errors.errno_exception(exc, 'read'))
                raise
            if data:
                self._drained = len(data) < bufsize
                self._bytes_read += len(data)
                if self._timeout_ms:
                    self._last_active = self._loop.now()
            else:
                self._read_ended = True
                self._defer(self._emit_end)
            return data

    def recv_into(self, buffer, nbytes=0, flags=0):
        """Like ``socket.recv_into``: fill *buffer*, return the count (0 at EOF)."""
        view = memoryview(buffer).cast('B')
        size = nbytes or len(view)
        data = self.recv(size, flags)
        view[:len(data)] = data
        return len(data)

    def read(self, n=-1):
        """Read *n* bytes (fewer only at EOF); all until EOF when *n* < 0."""
        chunks = []
        remaining = n
        while remaining != 0:
            data = self.recv(RECV_SIZE if remaining < 0 else min(remaining, RECV_SIZE))
            if not data:
                break
            chunks.append(data)
            if remaining > 0:
                remaining -= len(data)
        return b''.join(chunks)

    def readline(self, limit=-1):
        """Read up to and including b'\\n' (or EOF, or *limit* bytes)."""
        buf = self._rbuf
        self._rbuf = b''
        while True:
            end = buf.find(b'\n')
            if end >= 0 or (0 <= limit <= len(buf)):
                cut = end + 1 if end >= 0 else limit
                if 0 <= limit < cut:
                    cut = limit
                self._rbuf = buf[cut:]
                return buf[:cut]
            data = self.recv(RECV_SIZE)
            if not data:
                return buf
            buf += data

    def __iter__(self):
        """Iterate over received chunks until EOF."""
        while True:
            data = self.recv(RECV_SIZE)
            if not data:
                return
            yield data

    def send(self, data, flags=0):
        """Block until the kernel takes some of *data*; return how much."""
        if self._raw is None or self.destroyed:
            raise errors.ERR_SOCKET_CLOSED()
        while True:
            try:
                sent = self._raw.send(data, flags)
            except BlockingIOError:
                self._wait(2)
                continue
            self._accepted += sent
            return sent

    def sendall(self, data, flags=0):
        """Block until every byte of *data* is in the kernel (after earlier writes)."""
        if self._raw is None or self.destroyed:
            raise errors.ERR_SOCKET_CLOSED()
        if type(data) is not bytes:
            data = _to_bytes(data, None)
        if self._queue:
            # Keep the order of earlier write()s: queue behind them, then wait
            # for writability until the flush has emptied the queue. (Waiting
            # for our write callback would deadlock in the driver, which runs it.)
            self.write(data)
            while self._queue and not self.destroyed:
                self._wait(2)
            if self.destroyed:
                raise errors.ERR_SOCKET_CLOSED()
            return None
        try:
            offset = self._raw.send(data, flags)
        except BlockingIOError:
            offset = 0
        total = len(data)
        if offset == total:  # the common case: one send(), no memoryview
            self._accepted += total
            if self._timeout_ms:
                self._last_active = self._loop.now()
            return None
        view = memoryview(data)
        try:
            while offset < total:
                try:
                    offset += self._raw.send(view[offset:])
                except BlockingIOError:
                    self._wait(2)
        finally:
            self._accepted += offset
            if self._timeout_ms:
                self._last_active = self._loop.now()
        return None

    def settimeout(self, seconds):
        """Timeout (seconds) for blocking calls: recv, sendall, read, ..."""
        self._block_timeout = seconds

    def gettimeout(self):
        return self._block_timeout

    def setblocking(self, flag):
        self._block_timeout = None if flag else 0.0

    def fileno(self):
        return self._raw.fileno() if self._raw is not None else -1

    def getpeername(self):
        return self._raw.getpeername()

    def getsockname(self):
        return self._raw.getsockname()

    def setsockopt(self, *args):
        return self._raw.setsockopt(*args)

    def getsockopt(self, *args):
        return self._raw.getsockopt(*args)

    def shutdown(self, how):
        """``socket.shutdown``: SHUT_WR is Node's end() (flushes first)."""
        if how in (_stdsocket.SHUT_WR, _stdsocket.SHUT_RDWR):
            self.end()
        if how in (_stdsocket.SHUT_RD, _stdsocket.SHUT_RDWR) and self._raw is not None:
            try:
                self._raw.shutdown(_stdsocket.SHUT_RD)
            except OSError:
                pass

    def close(self):
        """Python's close(): flush what was written, then release the socket."""
        if not self.destroyed:
            self.destroy_soon() if self._queue else self.destroy()

    def makefile(self, mode='r', buffering=None, *, encoding=None, errors=None, newline=None):
        """A real file object over this socket, as ``socket.makefile`` gives."""
        rawmode = ''.join(c for c in mode if c in 'rw') or 'r'
        raw = _SocketIO(self, rawmode)
        if buffering is None:
            buffering = -1
        if buffering < 0:
            buffering = io.DEFAULT_BUFFER_SIZE
        if buffering == 0:
            if 'b' not in mode:
                raise ValueError('unbuffered streams must be binary')
            return raw
        if 'r' in rawmode and 'w' in rawmode:
            buffered = io.BufferedRWPair(raw, raw, buffering)
        elif 'r' in rawmode:
            buffered = io.BufferedReader(raw, buffering)
        else:
            buffered = io.BufferedWriter(raw, buffering)
        if 'b' in mode:
            return buffered
        text = io.TextIOWrapper(buffered, encoding, errors, newline)
        text.mode = mode
        return text

    @property
    def socket(self):
        """The gevent socket over the same descriptor, for code that needs one.

        It shares the file descriptor; closing it closes this connection's.
        """
        gsock = getattr(self, '_gevent_socket', None)
        if gsock is None and self._raw is not None:
            from gevent import socket as gsocket
            gsock = gsocket.socket(self._raw.family, self._raw.type, self._raw.proto,
                                   fileno=self._raw.fileno())
            self._raw.detach()
            self._raw = gsock._sock
            self._gevent_socket = gsock
        return gsock

    # --- client side (see gnet.client) --------------------------------------------

    def _undestroy(self):
        """Back to a fresh, unconnected socket (Node's ``_undestroy()`` in connect()).

        Listeners, options and the flowing state stay; the byte counters
        start again, as they do on Node's new handle.
        """
        self.destroyed = self._close_emitted = self._had_error = False
        self._read_ended = self._end_emitted = False
        self._ended = self._finished = self._shutdown_pending = False
        self._connected = self._need_drain = False
        self._peer = self._sockname = None
        self._rbuf = b''
        self._queue = None
        self._queued = self._bytes_read = self._accepted = 0

    def _after_connect(self):
        """Hook after 'connect' and 'ready' on the client side (TLS: the handshake)."""

    def connect(self, *args, **kwargs):
        """Node's ``socket.connect(...)``; see :func:`gnet.connect`."""
        from gnet.client import start_connect
        return start_connect(self, args, kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.destroy()


class _SocketIO(io.RawIOBase):
    """Raw I/O over a gnet Socket, for makefile() (like ``socket.SocketIO``)."""

    def __init__(self, sock, mode):
        super().__init__()
        self._sock = sock
        self._mode = mode

    def readable(self):
        return 'r' in self._mode

    def writable(self):
        return 'w' in self._mode

    def readinto(self, buffer):
        return self._sock.recv_into(buffer)

    def write(self, data):
        self._sock.sendall(data)
        return len(data)

    def fileno(self):
        return self._sock.fileno()

