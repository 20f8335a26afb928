"""The Python blocking facade of a socket: recv, sendall, makefile, settimeout, ...

What a ``socket.socket`` (gevent's, in a greenlet) offers, on the same
connection as the events: a socket delivers its bytes either as 'data'
events or to blocking reads, never both at once (:class:`ReadModeError`).
A blocking call parks only the calling greenlet, on its own watcher, and
follows libuv's rule after a short read (wait for readability rather than
``recv()`` into EAGAIN). Writes keep their order with earlier write()s.

A mixin of :class:`gnet.socket.Socket`; its state lives in the socket's
slots (``BLOCKING_SLOTS``), set by :meth:`Blocking._init_blocking`; what few
sockets ever set (the send-wait watcher, makefile() files, ...) is a class default,
stored per socket once set.
"""

from __future__ import annotations

import errno as _errno
import os
import socket as _stdsocket
from collections.abc import Iterator
from typing import IO, Any, Self
from operator import index as _index

from gevent import Timeout
from gevent.socket import cancel_wait_ex
from greenlet import getcurrent

from gnet import errors
from gnet.socket._chunks import byte_view
from gnet.socket.readable import RECV_SIZE

__all__ = ['Blocking', 'BLOCKING_SLOTS', 'ReadModeError']

BLOCKING_SLOTS = (
    '_wait_watcher',
    '_drained',
    '_block_timeout',    # (a slot, though rarely set: recv() reads it per call)
)

_SHUT_RD, _SHUT_WR, _SHUT_RDWR = _stdsocket.SHUT_RD, _stdsocket.SHUT_WR, _stdsocket.SHUT_RDWR


def _os_error(code):
    """OSError(code) as a Python socket raises it: ``[Errno 9] Bad file descriptor``."""
    return OSError(code, os.strerror(code))


class ReadModeError(RuntimeError):
    """Blocking reads (recv, read, makefile) on a socket in flowing mode.

    A socket delivers its bytes either as 'data' events or to blocking
    reads, never both at once: pause() it first, or do not attach 'data'.
    """


class Blocking:
    """Python's socket methods on :class:`gnet.socket.Socket` (a mixin).

    Each behaves as gevent's socket method of the same name does (values,
    exception types and errno, bytes; ``tests/blocking`` compares them):
    a closed socket raises EBADF; a greenlet blocked on a socket that
    another greenlet closes (close() or destroy()) gets gevent's
    ``cancel_wait_ex``; bad arguments raise before a byte moves;
    ``setblocking(False)`` raises BlockingIOError where a call would wait;
    ``settimeout(s)`` raises ``socket.timeout`` ('timed out').
    """

    __slots__ = ()

    # Rarely set state is a class default, stored per socket (in its
    # __dict__) only once set: a slot costs every connection 8 bytes.
    _wait_write_watcher: Any = None  # send()/sendall() wait here (writable)
    _io_refs = 0                     # open makefile() files (Python's socket._io_refs)
    _close_asked = False             # close() was called (it waits for makefile() files)

    def _init_blocking(self):
        self._wait_watcher = None        # recv() waits here (readable)
        self._drained = False            # blocking recv(): the last read was short
        self._block_timeout = None       # settimeout(), in seconds; 0.0 = non-blocking

    def _checked_raw(self):
        """The raw socket, or EBADF as a closed Python socket raises it."""
        raw = self._raw
        if raw is None:
            raise _os_error(_errno.EBADF if self.destroyed else _errno.ENOTCONN)
        return raw

    def _check_blocking_read(self, what):
        if self._flowing is True:
            raise ReadModeError(
                '%s() on a socket in flowing mode: its bytes go to \'data\' listeners; '
                'call pause() first or read in one style only' % what)
        if self._raw is None and not self._read_ended:
            self._checked_raw()  # closed here: EBADF (after the peer's EOF: b'')

    def _park_on(self, events):
        """Block this greenlet until the fd is readable (1) or writable (2); no timeout.

        Parked as _pump parks: no Waiter, no Timeout. A close() or destroy()
        meanwhile throws gevent's cancel_wait_ex in (see _release_fd). Callers
        loop and re-check, so an early switch is harmless.
        """
        if events == 1:
            watcher = self._wait_watcher or self._make_wait_watcher(1)
        else:
            watcher = self._wait_write_watcher or self._make_wait_watcher(2)
        watcher.start(getcurrent().switch)
        try:
            self._hub.switch()
        finally:
            watcher.stop()

    def _wait(self, events):
        """_park_on(), bounded by settimeout(): socket.timeout('timed out') past it."""
        if self._block_timeout is None:
            return self._park_on(events)
        timeout = Timeout._start_new_or_dummy(self._block_timeout,
                                              _stdsocket.timeout('timed out'))
        try:
            self._park_on(events)
        finally:
            timeout.close()

    def _make_wait_watcher(self, events):
        watcher = self._io_watcher(events)
        if events == 1:
            self._wait_watcher = watcher
        else:
            self._wait_write_watcher = watcher
        return watcher

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        """Block until data arrives; return up to *bufsize* bytes, b'' at EOF."""
        bufsize, flags = _index(bufsize), _index(flags)
        if bufsize < 0:
            raise ValueError('negative buffersize in recv')
        raw = self._raw
        if self._flowing is True or raw is None:  # (one test on the hot path)
            self._check_blocking_read('recv')
        if not bufsize:
            return b''
        while True:
            if self._rbuf:
                data, self._rbuf = self._rbuf[:bufsize], self._rbuf[bufsize:]
                return data
            raw = self._raw
            if self._read_ended or raw is None:
                if self._read_ended and not self._end_emitted:
                    self._defer(self._emit_end)  # the buffered bytes are read now (J1)
                return b''
            if self._drained and self._block_timeout != 0.0:
                # libuv's rule: after a short read, wait for readability
                # rather than calling recv() into EAGAIN.
                self._drained = False
                if self._block_timeout is None:
                    self._park_on(1)  # (what _wait() does then, minus a call per message)
                else:
                    self._wait(1)
                continue
            try:
                data = raw.recv(bufsize, flags)
            except BlockingIOError:
                if self._block_timeout == 0.0:
                    raise
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

    def recv_into(self, buffer: bytearray | memoryview, nbytes: int = 0, flags: int = 0) -> int:
        """Like ``socket.recv_into``: fill *buffer*, return the count (0 at EOF)."""
        view = memoryview(buffer)
        if view.readonly:
            raise TypeError("recv_into() argument 'buffer' must be read-write bytes-like "
                            'object, not %s' % type(buffer).__name__)
        view = view.cast('B')
        nbytes = _index(nbytes)
        if nbytes < 0:
            raise ValueError('negative buffersize in recv_into')
        if nbytes > len(view):
            raise ValueError('buffer too small for requested bytes')
        data = self.recv(nbytes or len(view), flags)
        view[:len(data)] = data
        return len(data)

    def recvfrom(self, bufsize: int, flags: int = 0) -> tuple[bytes, None]:
        """``(recv(bufsize, flags), None)``: a connected stream socket has no sender address."""
        return self.recv(bufsize, flags), None

    def recvfrom_into(self, buffer: bytearray | memoryview, nbytes: int = 0,
                      flags: int = 0) -> tuple[int, None]:
        """``(recv_into(buffer, nbytes, flags), None)``, as recvfrom()."""
        return self.recv_into(buffer, nbytes, flags), None

    def read(self, n: int = -1) -> bytes:
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

    def readline(self, limit: int = -1) -> bytes:
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

    def __iter__(self) -> Iterator[bytes]:
        """Iterate over received chunks until EOF."""
        while True:
            data = self.recv(RECV_SIZE)
            if not data:
                return
            yield data

    def send(self, data: bytes | bytearray | memoryview, flags: int = 0) -> int:
        """Block until the kernel takes some of *data* (after earlier writes); how much."""
        self._checked_raw()
        if self._queue:
            self._wait_flushed()  # keep the order of earlier write()s
        while True:
            try:
                sent = self._raw.send(data, flags)  # validates data and flags, as Python's
            except BlockingIOError:
                if self._block_timeout == 0.0:
                    raise
                self._wait(2)
                continue
            self._accepted += sent
            return sent

    def sendall(self, data: bytes | bytearray | memoryview, flags: int = 0) -> None:
        """Block until every byte of *data* is in the kernel (after earlier writes).

        Any C-contiguous bytes-like object, sent by its byte length (a
        memoryview of ``array('I')`` is 4 bytes an item). Returns None, or
        0 for an empty *data* as gevent's does. A timeout covers the whole
        call. In non-blocking mode, as gevent's: BlockingIOError when the
        kernel takes nothing at all, TimeoutError('timed out') when it took
        part and then no more.
        """
        raw = self._raw or self._checked_raw()
        view = data if type(data) is bytes else byte_view(data)
        total = len(view)
        if not total:
            return 0
        if self._queue:
            # Keep the order of earlier write()s: queue behind them, then wait
            # until the flush has emptied the queue. (Waiting for our write
            # callback would deadlock in the driver, which runs it.)
            self.write(view)
            self._wait_flushed()
            return None
        try:
            offset = raw.send(view, flags)
        except BlockingIOError:
            if self._block_timeout == 0.0:
                raise
            offset = 0
        if offset == total:  # the common case: one send()
            self._accepted += total
            if self._timeout_ms:
                self._last_active = self._loop.now()
            return None
        timeout = self._block_timeout
        timer = Timeout._start_new_or_dummy(timeout or None, _stdsocket.timeout('timed out'))
        try:
            while offset < total:
                try:
                    offset += self._raw.send(view[offset:], flags)
                except BlockingIOError:
                    if timeout == 0.0:
                        # gevent: once part of it went, a full buffer in
                        # non-blocking mode is its timeout, not EAGAIN.
                        raise _stdsocket.timeout('timed out') from None
                    self._park_on(2)
        finally:
            timer.close()
            self._accepted += offset
            if self._timeout_ms:
                self._last_active = self._loop.now()
        return None

    def _wait_flushed(self):
        """Block until the write watcher has emptied the queue; EBADF if destroyed."""
        while self._queue and not self.destroyed:
            self._wait(2)
        if self.destroyed:
            raise _os_error(_errno.EBADF)

    def settimeout(self, seconds: float | None) -> None:
        """Timeout in seconds for blocking calls (None: none; 0.0: non-blocking)."""
        if seconds is not None:
            try:
                as_float = seconds.__float__
            except AttributeError:
                raise TypeError('a float is required', seconds, type(seconds)) from None
            seconds = as_float()
            if seconds < 0.0:
                raise ValueError('Timeout value out of range')
        self._block_timeout = seconds

    def gettimeout(self) -> float | None:
        """The timeout (seconds) set by settimeout(); None = block forever."""
        return self._block_timeout

    def setblocking(self, flag: bool) -> None:
        """``socket.setblocking``: False is ``settimeout(0.0)``, True ``settimeout(None)``."""
        self._block_timeout = None if flag else 0.0

    @property
    def family(self) -> int:
        """``socket.family``: AF_INET, AF_INET6 or AF_UNIX."""
        return _stdsocket.AddressFamily(self._family)

    @property
    def type(self) -> int:
        """``socket.type``: always SOCK_STREAM."""
        return _stdsocket.SOCK_STREAM

    @property
    def proto(self) -> int:
        """``socket.proto``: the protocol number (0 once closed)."""
        return self._raw.proto if self._raw is not None else 0

    def fileno(self) -> int:
        """The descriptor, or -1 once closed (``socket.fileno``)."""
        return self._raw.fileno() if self._raw is not None else -1

    def getpeername(self) -> Any:
        """``socket.getpeername``: ``(host, port)`` (4-tuple for IPv6), a path for Unix."""
        return self._checked_raw().getpeername()

    def getsockname(self) -> Any:
        """``socket.getsockname``: our end's address, as ``getpeername`` gives the peer's."""
        return self._checked_raw().getsockname()

    def setsockopt(self, *args: Any) -> None:
        """``socket.setsockopt(level, option, value)`` on the connection's descriptor."""
        return self._checked_raw().setsockopt(*args)

    def getsockopt(self, *args: Any) -> Any:
        """``socket.getsockopt(level, option[, buflen])``: an int, or bytes with *buflen*."""
        return self._checked_raw().getsockopt(*args)

    def shutdown(self, how: int) -> None:
        """``socket.shutdown``, at once; SHUT_WR is Node's end() (what was written goes first).

        As gevent's: greenlets blocked reading (SHUT_RD) or writing
        (SHUT_WR) on this socket get cancel_wait_ex.
        """
        raw = self._checked_raw()
        how = _index(how)
        if how not in (_SHUT_RD, _SHUT_WR, _SHUT_RDWR):
            raw.shutdown(how)  # the kernel's EINVAL
        if how != _SHUT_WR:
            self._hub.cancel_wait(self._wait_watcher, cancel_wait_ex)
            raw.shutdown(_SHUT_RD)
        if how != _SHUT_RD:
            self._hub.cancel_wait(self._wait_write_watcher, cancel_wait_ex)
            self.end()
            self._wait_flushed()
            self._finish_end()  # the FIN now, not on the driver's next turn

    def close(self) -> None:
        """Python's close(): flush what was written, release the socket.

        As Python's (``socket._io_refs``): while a file from makefile() is
        open, the descriptor stays open for it; the last one to close
        closes the socket.
        """
        self._close_asked = True
        if self._io_refs <= 0 and not self.destroyed:
            self.destroy_soon() if self._queue else self.destroy()

    def _decref_socketios(self):
        """Python's hook: a makefile() file closed."""
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._close_asked:
            self.close()

    #: Python's own makefile(): a SocketIO (readinto -> recv_into, write ->
    #: send) under io's buffered and text layers, counted in _io_refs.
    makefile = _stdsocket.socket.makefile

    #: Python's own sendfile() over send() (gevent's too): the file is read
    #: in 8 KiB blocks; its position is left after the last byte sent.
    sendfile = _stdsocket.socket._sendfile_use_send
    _check_sendfile_params = _stdsocket.socket._check_sendfile_params

    def getblocking(self) -> bool:
        """``socket.getblocking()``: False after ``settimeout(0)`` / ``setblocking(False)``."""
        return self._block_timeout != 0.0

    def get_inheritable(self) -> bool:
        """``socket.get_inheritable()`` of the descriptor."""
        return os.get_inheritable(self._checked_raw().fileno())

    def set_inheritable(self, inheritable: bool) -> None:
        """``socket.set_inheritable()`` of the descriptor."""
        os.set_inheritable(self._checked_raw().fileno(), inheritable)

    def detach(self) -> int:
        """Python's: give up the descriptor without closing it; this socket is closed.

        Returns the descriptor (-1 if there is none); 'close' follows as for
        destroy(), and the connection stays open for whoever took the number.
        """
        raw = self._raw
        if raw is None:
            return -1
        fd = raw.detach()
        self.destroy()
        return fd

    @property
    def socket(self) -> Any:
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # Python's: what was written is flushed first
