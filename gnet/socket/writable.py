"""The writable half of a socket: the write queue, flush, 'drain', end() and 'finish'.

Node's ``lib/internal/streams/writable.js`` (highWaterMark, 'drain',
end()/'finish', write callbacks) over libuv's non-blocking write: writes
never block. :meth:`Writable.write` tries ``send()`` at once and queues
the rest; a write watcher flushes the queue from the hub (no user code
runs there) and queues the callbacks and 'drain' for the driver.

What Node counts, gnet counts the same way: ``writable_length`` is the
whole of every write the kernel has not finished taking (an 8 MiB write
the kernel took 2.5 MiB of still counts 8 MiB), and a write is *in flight*
from the moment it is handed to the kernel until the kernel took all of
it. One write is in flight at a time, or — after it — every write queued
meanwhile as one batch (Node's ``clearBuffer``/``writev``); the others
are *buffered*. On destroy() an in-flight write's callback gets None (the
kernel had it), a buffered write's and end()'s callbacks get the error (or
ERR_STREAM_DESTROYED): Node's ``onWriteComplete`` and ``errorBuffer``.
``cork()`` buffers every write until the matching ``uncork()``, which
hands them to the kernel together (one ``sendmsg()``).

Hook for a socket that transforms its bytes (``gnet.tls``):
:meth:`Writable._transmit` gets every accepted chunk (plain: it is
:meth:`Writable._send_or_queue`, the one write path: one ``send()`` now,
the queue for the rest); TLS encrypts, then calls the same path.

A mixin of :class:`gnet.socket.Socket`; its state lives in the socket's
slots (``WRITABLE_SLOTS``), set by :meth:`Writable._init_writable`; what few
sockets ever set (a partial send's watcher, end()'s callbacks, ...) is a class default,
stored per socket once set.
"""

from __future__ import annotations

import errno
import socket as _stdsocket
from collections import deque
from typing import Any, Self
from itertools import islice

from gnet import errors
from gnet.emitter import fit_arguments
from gnet.socket._chunks import _python_encoding, _to_bytes
from gnet.typedefs import Data, Listener

__all__ = ['Writable', 'WRITABLE_SLOTS', 'DEFAULT_HIGH_WATER_MARK']

_SHUT_WR = _stdsocket.SHUT_WR
_ECONNRESET = errno.ECONNRESET

#: Node 20's default highWaterMark for sockets.
DEFAULT_HIGH_WATER_MARK = 16384

#: Buffers per ``sendmsg()`` when a batch of queued writes leaves together
#: (Linux's IOV_MAX; libuv's writev uses the same limit).
_IOV_MAX = 1024

WRITABLE_SLOTS = (
    '_ended',
    '_finished',
    '_queue',
    '_queued',
    '_accepted',
    '_inflight',
    '_buffered',
    '_corked',           # (a slot, though rarely set: read per write())
)


class Writable:
    """The write side of :class:`gnet.socket.Socket` (a mixin)."""

    __slots__ = ()

    #: Bytes queued before write() returns False (Node 20: 16 KiB).
    high_water_mark = DEFAULT_HIGH_WATER_MARK

    # Rarely set state is a class default, stored per socket (in its
    # __dict__) only once set: a slot costs every connection 8 bytes.
    _write_watcher: Any = None     # made when the kernel first refuses part of a write
    _on_finished: Any = None       # end() callbacks: run just before 'finish'
    _shutdown_pending = False
    _need_drain = False
    _default_encoding: str | None = None  # set_default_encoding(); None = utf8
    _close_before_connect: Any = None  # the first write's 'close' listener, while connecting
    _waiting_for_connect: Any = None   # [(callback, size)] destroy() left to that listener

    def _init_writable(self):
        self._ended = False            # end() called
        self._finished = False         # 'finish' emitted
        self._queue = None             # deque of [data, callback, size] the kernel has not taken
        self._queued = 0               # whole sizes of the writes in _queue (writable_length)
        self._accepted = 0             # bytes passed to write() (bytes_written)
        self._inflight = 0             # entries at the head of _queue handed to the kernel
        self._buffered = None          # destroyed: callbacks of the writes never handed over
        self._corked = 0               # cork() depth

    def write(self, data: Data, encoding: str | Listener | None = None,
              callback: Listener | None = None) -> bool:
        """Node's ``socket.write(data[, encoding][, callback])``: queue *data*, never block.

        *data*: ``bytes``, ``bytearray`` or ``memoryview`` (sent as they
        are), or ``str``, encoded with *encoding* by Node's
        ``Buffer.from(string, encoding)`` rules: ``'utf8'`` (the default,
        also ``'utf-8'``), ``'latin1'``/``'binary'``, ``'ascii'``,
        ``'ucs2'``/``'utf16le'``, ``'hex'``, ``'base64'`` (case-insensitive),
        or (beyond Node) any other Python text codec. *encoding* may be left out
        (``write(data, callback)``).

        Returns True, or False once :attr:`writable_length` reaches
        ``highWaterMark`` (Node's backpressure: 'drain' follows when the
        queue empties). The kernel gets the bytes at once if it can take
        them; the rest is flushed when the socket is writable, in order.
        *callback(err)* runs in this connection's greenlet once the data
        reached the kernel (*err* None), or with the error if it never will.
        A *callback* that is not callable is ignored, as in Node.

        Raises (synchronously, as Node throws): ``ERR_STREAM_NULL_VALUES``
        for None, ``ERR_INVALID_ARG_TYPE`` for any other type,
        ``ERR_UNKNOWN_ENCODING`` for an unknown encoding. Emits (later, as
        Node): after ``end()``, 'error' ``ERR_STREAM_WRITE_AFTER_END``;
        after the peer's FIN without ``allowHalfOpen``, 'error' ``EPIPE``
        ("This socket has been ended by the other party"); once destroyed,
        only the callback hears ``ERR_STREAM_DESTROYED``. A send failure is
        'error' with Node's ``write`` system error (``EPIPE``,
        ``ECONNRESET``), then 'close'.
        """
        if callable(encoding):
            encoding, callback = None, encoding
        elif callback is not None and not callable(callback):
            callback = None  # Node: a callback that is not a function is ignored
        if callback is not None:
            callback = fit_arguments(callback, 1)  # JavaScript's arity rule
        if type(data) is not bytes:
            data = _to_bytes(data, encoding or self._default_encoding)
        if self._ended or self.destroyed:
            self._write_refused(callback)
            return False
        self._accepted += len(data)
        if self._timeout_ms:
            self._last_active = self._loop.now()
        return self._transmit(data, callback)

    def _send_or_queue(self, data, callback):
        """The one write path: ``send()`` now if nothing waits, queue what is left.

        Returns write()'s answer: False once ``writable_length >= highWaterMark``.
        """
        if not self._queue and self._connected and not self._corked:
            try:
                sent = self._raw.send(data)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                self._write_failed(exc, callback)
                return False
            size = len(data)
            if sent == size:
                if callback is not None:
                    self._defer(self._after_write, callback)
                return True
            self._inflight = 1  # the kernel has it, and will take the rest
            self._enqueue(memoryview(data)[sent:], callback, size)
        else:
            self._enqueue(data, callback, len(data))
        return self._below_high_water()

    #: Hook: where write() hands an accepted chunk. Plain sockets send it;
    #: ``gnet.tls`` encrypts it first (or holds it until the handshake ends).
    _transmit = _send_or_queue

    def _below_high_water(self):
        """write()'s answer once something was queued; sets Node's needDrain."""
        if self._queued >= self.high_water_mark:
            self._need_drain = True
            return False
        return True

    def _enqueue(self, data, callback, size):
        """Queue what the kernel did not take (*size*: the whole write's); flush
        when writable (if connected and not corked)."""
        if type(data) is not bytes and not (type(data) is memoryview and type(data.obj) is bytes):
            # A copy of what waits: the caller's bytearray, array or mmap may
            # change or be closed once write() returned.
            data = bytes(data)
        if self._queue is None:
            self._queue = deque()  # made on first need: an idle socket holds none
        self._queue.append([data, callback, size])
        self._queued += size
        if self._connected and not self._corked:
            self._start_flushing()
        elif self.connecting and len(self._queue) == 1:
            self._watch_close_before_connect(self._flush_on_connect)

    def _watch_close_before_connect(self, on_connect):
        """Node's ``_writeGeneric`` while connecting: the first write adds a
        'connect' listener (*on_connect*) and a 'close' one that fails it with
        ERR_SOCKET_CLOSED_BEFORE_CONNECTION, so 'close' listeners added before
        that write run before its callback, and later ones after."""
        self._close_before_connect = self._closed_before_connect
        self.once('connect', on_connect)
        self.once('close', self._close_before_connect)

    def _unwatch_close_before_connect(self):
        """Connected: the 'close' listener of the first write goes (Node's ``off``)."""
        if self._close_before_connect is not None:
            self.remove_listener('close', self._close_before_connect)
            self._close_before_connect = None

    def _closed_before_connect(self, had_error):
        """'close' before 'connect': the writes destroy() left waiting fail now."""
        self._close_before_connect = None
        writes, self._waiting_for_connect = self._waiting_for_connect, None
        if writes:
            self._failed_before_connect(writes)

    def _flush_on_connect(self):
        """Node: writes made while connecting go out from a 'connect' listener
        the first of them added; its callback runs in that listener if the
        kernel took it at once (the later writes' callbacks come after)."""
        self._unwatch_close_before_connect()
        if not self._queue or self.destroyed:
            return
        callback = self._queue[0][1]
        first = (self._after_write, (callback,))
        mark = len(self._tasks)
        self._start_flushing()
        self._flush()
        if callback is not None and first in self._tasks[mark:]:
            self._tasks.remove(first)
            self._after_write(callback)

    def _after_write(self, callback):
        """A write the kernel took: its callback, then (destroyed meanwhile)
        the buffered writes' errors (Node's afterWrite → errorBuffer)."""
        callback(None)
        if self.destroyed:
            self._error_buffer()

    def _error_buffer(self):
        """Node's errorBuffer: buffered writes' and end()'s callbacks get the error."""
        err = self._errored
        buffered, self._buffered = self._buffered or (), None
        for callback, size in buffered:
            self._queued -= size
            if callback is not None:
                callback(err or errors.ERR_STREAM_DESTROYED('write'))
        finished, self._on_finished = self._on_finished or (), None
        for callback in finished:
            callback(err or errors.ERR_STREAM_DESTROYED('end'))

    def _cancel_writes(self, connecting):
        """destroy(): drop the queue. Returns ``(handler, writes)``: what ends
        the in-flight writes a loop turn later, or ``(None, None)`` when none
        was in flight; the rest wait in ``_buffered`` for ``_error_buffer()``.

        As Node 20 (``writable.js``, ``stream_base_commons.js``): nothing in
        flight — the buffered writes' and end()'s callbacks get the error (or
        ERR_STREAM_DESTROYED) first, then 'error'; a write in flight — 'error'
        first, then its callback gets None (libuv cancels it: the kernel had
        it), then the buffered ones the error; still connecting — the first
        write (it waits for 'connect') gets ERR_SOCKET_CLOSED_BEFORE_CONNECTION
        from the 'close' listener it added (:meth:`_watch_close_before_connect`),
        then the buffered ones and end()'s the error (or that one).
        """
        queue = self._queue or ()
        before_connect = connecting and bool(queue) and not self._corked
        inflight = 1 if before_connect else self._inflight
        writes = [(entry[1], entry[2]) for entry in queue]
        self._buffered = writes[inflight:]
        self._queue = None
        self._inflight = 0  # (writable_length keeps counting them until their callbacks)
        if not inflight or not writes:
            return None, None
        if before_connect:
            if self._close_before_connect is not None:  # it fails them, at 'close'
                self._waiting_for_connect = writes[:inflight]
                return None, None
            return self._failed_before_connect, writes[:inflight]
        return self._cancelled_inflight, writes[:inflight]

    def _failed_before_connect(self, writes):
        """Node's onClose in _writeGeneric: the write waiting for 'connect' fails."""
        err = errors.ERR_SOCKET_CLOSED_BEFORE_CONNECTION()
        if self._errored is None:
            self._errored = err
        for callback, size in writes:
            self._queued -= size
            if callback is not None:
                callback(err)
        self._error_buffer()

    def _cancelled_inflight(self, writes):
        """Node's onWriteComplete on a destroyed stream: None, then errorBuffer."""
        for callback, size in writes:
            self._queued -= size
            if callback is not None:
                callback(None)
        self._error_buffer()

    def _write_refused(self, callback):
        """write() after end() or destroy(): Node's three different answers.

        Returns the error (*callback* gets it on the next tick); after end()
        the socket is destroyed with it at once (Node's errorOrDestroy).
        """
        if self._end_emitted and self._ended and not self._allow_half_open:
            # Node's writeAfterFIN (installed at 'end'): EPIPE, even once closed.
            err = errors.ended_by_peer()
        elif self._ended:  # Node's Writable checks "ending" before "destroyed"
            err = errors.ERR_STREAM_WRITE_AFTER_END()
        else:
            err = errors.ERR_STREAM_DESTROYED('write')
        if callback is not None:
            self._defer(callback, err)
        if not self.destroyed:
            self.destroy(err)
        return err

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
        """Hub callback: give queued bytes to the kernel; queue callbacks and 'drain'.

        When nothing is in flight, everything queued leaves as one batch
        (one ``sendmsg()``, Node's writev) unless the socket is corked.
        """
        queue = self._queue
        done = []
        while queue:
            if not self._inflight:
                if self._corked:
                    self._write_watcher.stop()  # uncork() hands the rest over
                    break
                self._inflight = len(queue)  # Node's clearBuffer: one batch
            try:
                if len(queue) > 1 and self._inflight > 1:
                    sent = self._raw.sendmsg([entry[0] for entry in islice(queue, _IOV_MAX)])
                else:
                    sent = self._raw.send(queue[0][0])
            except BlockingIOError:
                break
            except OSError as exc:
                self._write_watcher.stop()
                self._defer(self._flush_failed, exc)
                return
            if not self._taken(queue, sent, done):
                break
        if queue:
            for callback in done:
                self._tasks.append((self._after_write, (callback,)))
            if done:
                self._wake()
            return
        self._write_watcher.stop()
        if self._need_drain:
            # Node's afterWrite: 'drain' before the callbacks of this batch.
            self._need_drain = False
            self._tasks.append((self._emit_drain, ()))
        for callback in done:
            self._tasks.append((self._after_write, (callback,)))
        if self._shutdown_pending:
            self._tasks.append((self._finish_end, ()))
        self._wake()

    def _flush_failed(self, exc):
        """The kernel refused queued bytes. A reset is reported as the read's
        error while the socket is reading: libuv reads before it writes when
        one poll reports both, and the read takes the reset (Node: 'read
        ECONNRESET'; the in-flight write's callback then gets None)."""
        if self.destroyed:
            return
        if exc.errno == _ECONNRESET and not self._read_ended \
                and self.readable_length < self.high_water_mark:
            self._read_failed(exc)
        else:
            # Node's onwriteError: the failed write's callback gets the error,
            # then the buffered ones, before 'error' (nothing is in flight now)
            self._inflight = 0
            self.destroy(errors.errno_exception(exc, 'write'))

    def _taken(self, queue, sent, done):
        """The kernel took *sent* bytes off the head of *queue*: pop the writes
        it finished (their callbacks into *done*); False when it stopped short."""
        while queue:
            entry = queue[0]
            size = len(entry[0])
            if sent < size:
                if not sent:
                    return True  # it stopped exactly at a write's end
                entry[0] = memoryview(entry[0])[sent:]
                return False
            sent -= size
            queue.popleft()
            self._inflight -= 1
            self._queued -= entry[2]
            if entry[1] is not None:
                done.append(entry[1])
        return True

    def _emit_drain(self):
        if not self.destroyed:
            self.emit('drain')

    def end(self, data: Data | Listener | None = None, encoding: str | Listener | None = None,
            callback: Listener | None = None) -> Self:
        """Node's ``socket.end([data[, encoding]][, callback])``: write *data*, then half-close.

        *data* and *encoding* as for :meth:`write`. Our side is closed (FIN)
        once everything queued reached the kernel; then *callback(err)* runs
        and 'finish' is emitted. The socket closes ('close') once the peer
        has ended too. Calling it again, or on a destroyed socket, writes
        nothing (the callback gets ``ERR_STREAM_DESTROYED`` on a destroyed
        socket). Returns the socket.
        """
        if callable(data):
            data, callback = None, data
        elif callable(encoding):
            encoding, callback = None, encoding
        err = None
        if data is not None:
            if self._ended or self.destroyed:
                err = self._write_refused(None)  # (Node: end()'s callback gets it)
            else:
                self.write(data, encoding)
        if self._corked:
            self._corked = 1  # Node: end() uncorks completely
            self.uncork()
        if callback is not None and not callable(callback):
            callback = None  # Node: a callback that is not a function is ignored
        if callback is not None:
            callback = fit_arguments(callback, 1)  # JavaScript's arity rule
            if err is None and self._finished:
                err = errors.ERR_STREAM_ALREADY_FINISHED('end')
            elif err is None and self.destroyed:
                err = errors.ERR_STREAM_DESTROYED('end')
            if err is not None:
                self._defer(callback, err)
            else:
                # (run before the 'finish' listeners)
                self._on_finished = (self._on_finished or []) + [callback]
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

    def cork(self) -> None:
        """Buffer every write until the matching uncork() (Node's ``writable.cork()``)."""
        self._corked += 1

    def uncork(self) -> None:
        """Undo one cork(); the last one hands every buffered write to the kernel
        together (one ``sendmsg()``, as Node's writev), now."""
        if self._corked:
            self._corked -= 1
            if not self._corked and self._queue and not self._inflight and self._connected \
                    and not self.destroyed:
                self._start_flushing()
                self._flush()

    @property
    def writable_corked(self) -> int:
        """How many uncork() calls it takes to uncork (Node's ``writableCorked``)."""
        return self._corked

    def set_default_encoding(self, encoding: str) -> Self:
        """The encoding of str writes that name none (Node's ``setDefaultEncoding``).

        Raises ERR_UNKNOWN_ENCODING for a name Node does not know; returns the socket.
        """
        try:
            _python_encoding(encoding)
        except LookupError:
            raise errors.ERR_UNKNOWN_ENCODING(encoding) from None
        self._default_encoding = encoding.lower()
        return self

    @property
    def writable_length(self) -> int:
        """Node's ``writableLength`` (alias ``bufferSize``): bytes accepted by
        ``write()`` / ``end()`` and not yet taken by the kernel, an int;
        ``write()`` returns False once it reaches :attr:`writable_high_water_mark`."""
        """Bytes written and not yet all taken by the kernel, counted per whole
        write as Node counts them (also ``buffer_size``)."""
        return self._queued

    buffer_size = writable_length  # Node's deprecated ``bufferSize``, the same count

    @property
    def bytes_written(self) -> int:
        """Node's ``bytesWritten``: bytes accepted for writing so far (``write()``,
        ``end()``, ``send()``, ``sendall()``), an int; like Node's, it counts
        bytes still queued."""
        return self._accepted

    @property
    def writable_ended(self) -> bool:
        """Node's ``writableEnded``: True once ``end()`` was called; a later
        ``write()`` fails with ``ERR_STREAM_WRITE_AFTER_END``."""
        return self._ended

    @property
    def writable_finished(self) -> bool:
        """Node's ``writableFinished``: True once 'finish' was emitted (after
        ``end()``, every byte handed to the kernel and the FIN sent)."""
        return self._finished

    @property
    def writable_need_drain(self) -> bool:
        """Node's ``writableNeedDrain``: True after ``write()`` returned False,
        until 'drain'."""
        return self._need_drain

    @property
    def writable_high_water_mark(self) -> int:
        """Node's ``writableHighWaterMark``: the ``highWaterMark`` option in bytes
        (default 16384, Node 20's) from which ``write()`` returns False."""
        return self.high_water_mark

    @property
    def writable(self) -> bool:
        """Node's ``writable``: True while ``write()`` may be called (not ended,
        not destroyed)."""
        return not self._ended and not self.destroyed

