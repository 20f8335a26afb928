"""The writable half of a socket: the write queue, flush, 'drain', end() and 'finish'.

Node's ``lib/internal/streams/writable.js`` (highWaterMark, 'drain',
end()/'finish', write callbacks) over libuv's non-blocking write: writes
never block. :meth:`Writable.write` tries ``send()`` at once and queues
the rest; a write watcher flushes the queue from the hub (no user code
runs there) and queues the callbacks and 'drain' for the driver.

Hook for a socket that transforms its bytes (``gnet.tls``):
:meth:`Writable._transmit` gets every accepted chunk (plain: it is
:meth:`Writable._send_or_queue`, the one write path: one ``send()`` now,
the queue for the rest); TLS encrypts, then calls the same path.

A mixin of :class:`gnet.socket.Socket`; its state lives in the socket's
slots (``WRITABLE_SLOTS``), set by :meth:`Writable._init_writable`.
"""

import socket as _stdsocket
from collections import deque

from gnet import errors
from gnet.emitter import fit_arguments
from gnet.socket._chunks import _to_bytes

__all__ = ['Writable', 'WRITABLE_SLOTS', 'DEFAULT_HIGH_WATER_MARK']

_SHUT_WR = _stdsocket.SHUT_WR

#: Node 20's default highWaterMark for sockets.
DEFAULT_HIGH_WATER_MARK = 16384

WRITABLE_SLOTS = (
    '_write_watcher',
    '_ended',
    '_finished',
    '_on_finished',
    '_shutdown_pending',
    '_queue',
    '_queued',
    '_need_drain',
    '_accepted',
)


class Writable:
    """The write side of :class:`gnet.socket.Socket` (a mixin)."""

    __slots__ = ()

    #: Bytes queued before write() returns False (Node 20: 16 KiB).
    high_water_mark = DEFAULT_HIGH_WATER_MARK

    def _init_writable(self):
        self._write_watcher = None
        self._ended = False            # end() called
        self._finished = False         # 'finish' emitted
        self._on_finished = None       # end() callbacks: run just before 'finish'
        self._shutdown_pending = False
        self._queue = None             # deque of [data, callback] the kernel has not taken
        self._queued = 0               # bytes in _queue (writable_length)
        self._need_drain = False
        self._accepted = 0             # bytes passed to write() (bytes_written)

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
        if callback is not None:
            callback = fit_arguments(callback, 1)  # JavaScript's arity rule
        if type(data) is not bytes:
            data = _to_bytes(data, encoding)
        if self._ended or self.destroyed:
            return self._write_refused(callback)
        self._accepted += len(data)
        if self._timeout_ms:
            self._last_active = self._loop.now()
        return self._transmit(data, callback)

    def _send_or_queue(self, data, callback):
        """The one write path: ``send()`` now if nothing waits, queue what is left.

        Returns write()'s answer: False once ``writable_length >= highWaterMark``.
        """
        if not self._queue and self._connected:
            try:
                sent = self._raw.send(data)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                self._write_failed(exc, callback)
                return False
            if sent == len(data):
                if callback is not None:
                    self._defer(callback, None)
                return True
            data = memoryview(data)[sent:]
        self._enqueue(data, callback)
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

    def _enqueue(self, data, callback):
        """Queue what the kernel did not take; flush when writable (if connected)."""
        if type(data) is not bytes and not (type(data) is memoryview and type(data.obj) is bytes):
            # A copy of what waits: the caller's bytearray, array or mmap may
            # change or be closed once write() returned.
            data = bytes(data)
        if self._queue is None:
            self._queue = deque()  # made on first need: an idle socket holds none
        self._queue.append([data, callback])
        self._queued += len(data)
        if self._connected:
            self._start_flushing()
        elif self.connecting and len(self._queue) == 1:
            self.once('connect', self._flush_on_connect)

    def _flush_on_connect(self):
        """Node: writes made while connecting go out from a 'connect' listener
        the first of them added; its callback runs in that listener if the
        kernel took it at once (the later writes' callbacks come after)."""
        if not self._queue or self.destroyed:
            return
        first = (self._queue[0][1], (None,))
        mark = len(self._tasks)
        self._start_flushing()
        self._flush()
        if first[0] is not None and first in self._tasks[mark:]:
            self._tasks.remove(first)
            first[0](None)

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
            callback = fit_arguments(callback, 1)  # JavaScript's arity rule
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

