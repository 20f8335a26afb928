"""The Python blocking facade of a socket: recv, sendall, makefile, settimeout, ...

What a ``socket.socket`` (gevent's, in a greenlet) offers, on the same
connection as the events: a socket delivers its bytes either as 'data'
events or to blocking reads, never both at once (:class:`ReadModeError`).
A blocking call parks only the calling greenlet, on its own watcher, and
follows libuv's rule after a short read (wait for readability rather than
``recv()`` into EAGAIN). Writes keep their order with earlier write()s.

A mixin of :class:`gnet.socket.Socket`; its state lives in the socket's
slots (``BLOCKING_SLOTS``), set by :meth:`Blocking._init_blocking`.
"""

import io
import socket as _stdsocket

from gevent import Timeout
from greenlet import getcurrent

from gnet import errors
from gnet.socket._chunks import _to_bytes
from gnet.socket.readable import RECV_SIZE

__all__ = ['Blocking', 'BLOCKING_SLOTS', 'ReadModeError']

BLOCKING_SLOTS = (
    '_wait_watcher',
    '_wait_write_watcher',
    '_drained',
    '_block_timeout',
)


class ReadModeError(RuntimeError):
    """Blocking reads (recv, read, makefile) on a socket in flowing mode.

    A socket delivers its bytes either as 'data' events or to blocking
    reads, never both at once: pause() it first, or do not attach 'data'.
    """



class Blocking:
    """Python's socket methods on :class:`gnet.socket.Socket` (a mixin)."""

    __slots__ = ()

    def _init_blocking(self):
        self._wait_watcher = None        # recv() waits here (readable)
        self._wait_write_watcher = None  # send()/sendall() wait here (writable)
        self._drained = False            # blocking recv(): the last read was short
        self._block_timeout = None       # settimeout(), in seconds, for blocking calls

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
            self._wait_flushed()
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

    def _wait_flushed(self):
        """Block until the write watcher has emptied the queue; ERR_SOCKET_CLOSED if destroyed."""
        while self._queue and not self.destroyed:
            self._wait(2)
        if self.destroyed:
            raise errors.ERR_SOCKET_CLOSED()

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

