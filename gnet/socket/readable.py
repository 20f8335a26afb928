"""The readable half of a socket: the driver greenlet, the read path, 'data' and 'end'.

Node's ``lib/internal/streams/readable.js`` (flowing/paused, 'data',
'end', setEncoding) and the part of libuv's stream that reads, joined to
the one thing gevent adds: every connection has one *driver* greenlet
(the one StreamServer spawned for it, or the client's). User code for the
connection — the connection listener, every event listener, write
callbacks — runs in that greenlet, one call at a time, in Node's order.
The driver loop (:meth:`Readable._drive`):

1. runs queued tasks (Node's ``process.nextTick`` for this socket: write
   callbacks, 'drain', 'end', 'close', ...);
2. while flowing, reads and emits 'data' (:meth:`Readable._pump`);
3. parks on the hub until the socket is readable or a task is queued.

While nobody reads (no 'data' listener, no resume(), no blocking read in
progress) the parked driver still reads one chunk ahead, as Node's
``read(0)`` does, so a bare FIN or a reset is noticed; a blocking read or
the first 'data' takes those bytes first.

A paused socket (pause(), or no reader yet) reads ahead up to the high
water mark, as Node's does, so ``readable_length`` counts what waits;
``pauseOnConnect`` reads nothing until resume() or read(). The 'readable'
event and Node's ``read()`` are :mod:`gnet.socket.paused`.

Hooks for a socket that transforms its bytes (``gnet.tls``):
:meth:`Readable._deliver` gets every chunk the kernel gave (plain: it is
:meth:`Readable._push`, the one 'data' path) and :meth:`Readable._deliver_eof`
the kernel's EOF; the read loop and its park stay here, in one copy.

This class is a mixin of :class:`gnet.socket.Socket`: its state lives in
the socket's slots (listed in ``READABLE_SLOTS``), set by
:meth:`Readable._init_readable`; what few sockets ever set is a class
default instead, stored per socket once set (8 bytes less per connection
for each).
"""

from __future__ import annotations

import codecs
import logging
import sys
from collections.abc import Callable
from typing import Any, Self

import gevent
from greenlet import getcurrent
from zope.event import subscribers as _subscribers  # the list emit() checks too

from gnet import _greenlets, errors
from gnet.socket import pipe as _pipe
from gnet.socket._chunks import _python_encoding
from gnet.typedefs import Options
from gnet.socket.paused import PausedReadable
from gnet.socket._hub import _RELEASED, _WOKEN_READABLE, _WOKEN_TASK

__all__ = ['Readable', 'READABLE_SLOTS', 'RECV_SIZE']

_log = logging.getLogger('gnet')

#: Bytes asked of one ``recv()`` in flowing mode (libuv reads 64 KiB too).
RECV_SIZE = 65536

READABLE_SLOTS = (
    '_read_watcher',
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
    '_decoder',          # (a slot, though rarely set: _push reads it per message)
    '_bytes_read',
    '_reading',
)


class Readable(PausedReadable):
    """The driver and the read side of :class:`gnet.socket.Socket` (a mixin)."""

    __slots__ = ()

    # Rarely set state is a class default, stored per socket (in its
    # __dict__) only once set: a slot costs every connection 8 bytes.
    _listener_fault: BaseException | None = None  # set only by _fail()

    def _init_readable(self):
        self._read_watcher = None
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
        self._rbuf = b''               # read-ahead, and what readline() left
        self._decoder = None           # set_encoding(): the incremental decoder
        self._bytes_read = 0
        self._reading = True           # False: pauseOnConnect, until resume()/read()

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
                        and not self.connecting and self._raw is not None:
                    # (Node reads only after 'connect'; an unconnected socket not at all)
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
        """Read and deliver while bytes keep coming (the hot path).

        Per message: one ``recv()``, :meth:`_deliver` (plain: the 'data'
        listener), and — after a short read, the common case — a park on
        the read watcher right here (libuv's rule: wait for readability
        instead of calling ``recv()`` into EAGAIN), without going back
        round :meth:`_drive`. Returns True to go round the driver loop
        (tasks were queued, the flow stopped), False to park there, or
        _RELEASED.
        """
        recv = self._raw.recv
        deliver = self._deliver
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
            if not data:
                self._deliver_eof()
                return True
            deliver(data)
            if tasks or not self._flowing or self._read_ended or self.destroyed:
                return True
            if len(data) < RECV_SIZE:
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

    def _push(self, data):
        """Count one chunk of plaintext and emit it as 'data' (decoded if set_encoding)."""
        self._bytes_read += len(data)
        if self._timeout_ms:
            self._last_active = self._loop.now()
        if self._decoder is not None:
            data = self._decoder.decode(data)
            if data:
                self.emit('data', data)
            return
        listeners = self._events.get('data', ())
        if len(listeners) == 1 and not _subscribers:
            listeners[0](data)  # emit()'s work for one listener, minus a call
        else:
            self.emit('data', data)

    #: Hook: what :meth:`_pump` does with each chunk ``recv()`` returned.
    #: Plain sockets push it as is; ``gnet.tls`` decrypts first.
    _deliver = _push

    def _deliver_eof(self):
        """Hook: the kernel's EOF reached :meth:`_pump` (``gnet.tls`` decrypts what is left)."""
        self._on_eof()

    def _park(self):
        """Give the hub control until readable (when reading) or a task arrives."""
        watcher = None
        if not self.destroyed and not self._read_ended and not self.connecting \
                and self._raw is not None:
            if self._flowing:
                watcher = self._read_watcher or self._make_read_watcher()
                watcher.start(self._driver.switch, _WOKEN_READABLE)
            elif self._reading and self._connected and self.readable_length < self.high_water_mark:
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
        elif self._reading and self._connected and self.readable_length < self.high_water_mark:
            watcher = self._read_watcher or self._make_read_watcher()
            watcher.start(self._read_ahead)

    def _make_read_watcher(self):
        self._read_watcher = self._io_watcher(1)
        return self._read_watcher

    def _read_ahead(self):
        """Hub callback while not flowing: buffer up to the high water mark, as Node does.

        So a reset is noticed (Node B2) and a bare FIN gives 'end' (J2);
        'end' behind unread data waits for a reader (J1); once the buffer
        is full, watching stops until a reader takes some (backpressure).
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
        self._bytes_read += len(data)
        self._rbuf += data
        self._buffered_more()
        if self.readable_length >= self.high_water_mark:
            self._read_watcher.stop()

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

    def _defer(self, fn: Callable[..., object], *args: Any) -> None:
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

        With 'error' listeners, they get the exception itself and it is
        also logged on the ``gnet`` logger at ERROR with its traceback
        (Node prints the stack of an uncaught exception), so a bug never
        passes for a network error; ``_listener_fault`` keeps it for
        listeners that log errors themselves (``gnet serve``'s). Without
        'error' listeners, the hub's usual report on stderr. The server and
        the other connections go on.
        """
        if self.listener_count('error') and not self.destroyed:
            self._listener_fault = exc
            _log.error('connection %s: uncaught exception in a listener (the connection is '
                       'destroyed)', self._peer_text(), exc_info=(type(exc), exc, exc.__traceback__))
            self.destroy(exc)
            return
        self._hub.handle_error(self, type(exc), exc, exc.__traceback__)
        if not self.destroyed:  # (an 'error' listener itself may have raised)
            self._destroy(exc, emit_error=False)

    def _peer_text(self):
        """The remote end for a log line: ``'127.0.0.1:5000'``, ``'[::1]:5000'``, a path."""
        host, port = self.remote_address, self.remote_port
        if port is None:
            return host or 'a Unix peer'
        return '%s:%s' % ('[%s]' % host if ':' in host else host, port)

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
        elif name == 'readable':
            self._start_readable_mode()

    def _on_eof(self):
        """The peer sent FIN: 'end', then (without allowHalfOpen) our own end()."""
        if self._read_ended and self._end_emitted:
            return
        self._read_ended = True
        if self._readable_listening:
            # Node's onEofChunk: 'readable' now; read() finding nothing gives 'end'
            if self._decoder is not None:
                self._rtext += self._decoder.decode(b'', final=True)
            self._need_readable = False
            self._emitted_readable = True
            self._emit_readable_now()
            return
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

    def pause(self) -> Self:
        """Stop 'data' events: 'pause' now if flowing was not already off (Node).

        The socket reads ahead up to the high water mark, then the kernel
        buffer fills (real backpressure).
        """
        if self._flowing is not False:
            self._flowing = False
            self.emit('pause')
        return self

    def resume(self) -> Self:
        """Start (or restart) 'data' events; 'resume' on the next tick, before them.

        With a 'readable' listener the socket stays in paused-readable mode
        (Node: ``flowing = !readableListening``), but 'resume' is emitted.
        """
        if not self._flowing:
            self._flowing = not self._readable_listening
            self._reading = True
            self._defer(self._resumed)
        return self

    def _resumed(self):
        """Node's resume_: 'resume', then what was buffered, then a waiting 'end'."""
        self.emit('resume')
        self._resumed_buffer()
        if self._flowing and self._read_ended and not self._end_emitted and not self._rbuf:
            self._emit_end()

    def _emit_buffered(self, chunk):
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk)
        if chunk:
            self.emit('data', chunk)

    def _resumed_buffer(self):
        """Flowing again: what waits in the buffer goes out as one 'data'."""
        if self._flowing and self._rtext:
            text, self._rtext = self._rtext, ''
            self.emit('data', text)
        if self._flowing and self._rbuf:
            chunk, self._rbuf = self._rbuf, b''
            self._emit_buffered(chunk)

    def is_paused(self) -> bool:
        """True after pause() (Node: ``readableFlowing === false``)."""
        return self._flowing is False

    def set_encoding(self, encoding: str | None = 'utf8') -> Self:
        """Node's ``socket.setEncoding([encoding])``: 'data' passes ``str`` from now on.

        *encoding*: Node's names (``'utf8'``, the default, ``'latin1'``,
        ``'ascii'``, ``'ucs2'``/``'utf16le'``, ``'hex'``, ``'base64'``) or
        any Python text codec; a character split across reads comes out
        whole. Returns the socket. An unknown *encoding* raises
        ``ERR_UNKNOWN_ENCODING`` (a TypeError), as Node's does.
        """
        try:
            self._decoder = codecs.getincrementaldecoder(_python_encoding(encoding or 'utf8'))()
        except LookupError:
            raise errors.ERR_UNKNOWN_ENCODING(encoding) from None
        return self

    def pipe(self, destination: Any, options: Options | None = None) -> Any:
        """Node's ``readable.pipe()``: see :mod:`gnet.socket.pipe`; returns *destination*."""
        return _pipe.pipe(self, destination, options)

    def unpipe(self, destination: Any = None) -> Self:
        """Node's ``readable.unpipe()``: see :mod:`gnet.socket.pipe`; returns the socket."""
        return _pipe.unpipe(self, destination)

    @property
    def readable_flowing(self) -> bool | None:
        """Node's ``readableFlowing``: None until something decides, True while
        'data' flows (a 'data' listener or ``resume()``), False after ``pause()``
        (or with ``pauseOnConnect``)."""
        return self._flowing

    @property
    def readable_ended(self) -> bool:
        """Node's ``readableEnded``: True once 'end' was emitted (the peer's FIN
        was read and every byte before it delivered)."""
        return self._end_emitted

    @property
    def readable_length(self) -> int:
        """Node's ``readableLength``: bytes read from the kernel and not yet
        delivered ('data', ``read()``, ``recv()``), an int."""
        """Bytes received and not yet read or emitted (Node's ``readableLength``)."""
        return len(self._rbuf) + len(self._rtext)

    @property
    def readable_high_water_mark(self) -> int:
        """Bytes a paused socket buffers before it stops reading (Node 20: 16 KiB;
        the ``highWaterMark`` option sets it with the writable one, as in Node)."""
        return self.high_water_mark

    @property
    def bytes_read(self) -> int:
        """Node's ``bytesRead``: bytes received on this connection so far, an int
        (kept after close)."""
        return self._bytes_read

    @property
    def readable(self) -> bool:
        """Node's ``readable``: True while data may still arrive (no FIN read, not
        destroyed)."""
        return not self._read_ended and not self.destroyed
