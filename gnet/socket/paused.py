"""Node's paused-readable mode: the 'readable' event, ``read([size])`` and ``unshift()``.

A mixin under :class:`gnet.socket.readable.Readable` (Node's
``lib/internal/streams/readable.js``: ``on('readable')``, ``emitReadable``,
``read()``, ``unshift()``, ``updateReadableListening``).

While at least one 'readable' listener is attached the socket is in Node's
paused-readable mode: it reads ahead up to ``readable_high_water_mark``
(the driver's read-ahead, see :mod:`gnet.socket.readable`), emits
'readable' when bytes arrive (and once at EOF), and :meth:`PausedReadable.read` is Node's
``readable.read([size])``: it returns what is buffered (all of it, or
*size* bytes; str after ``set_encoding``, when lengths and *size* count
characters), or None when that much is not there — it never blocks; 'end'
follows the read() that finds the buffer empty after EOF. Without a
'readable' listener, ``read(n)`` is the blocking Python read of
:class:`~gnet.socket.blocking.Blocking` (n bytes, fewer only at EOF).
Removing the last 'readable' listener leaves the mode (Node: on the next
tick).

Its state is class defaults (paused-readable mode is rare), stored per
socket only once a 'readable' listener or ``set_encoding()`` changes it:
no slot costs the other connections anything.
"""

from __future__ import annotations

from greenlet import getcurrent

from gnet import errors
from gnet.socket._chunks import _to_bytes

__all__ = ['PausedReadable']

class PausedReadable:
    """'readable', Node's read() and unshift() for :class:`gnet.socket.Socket` (a mixin)."""

    __slots__ = ()

    # Class defaults, stored per socket only once set (module docstring).
    _readable_listening = False    # a 'readable' listener: Node's paused-readable mode
    _need_readable = False
    _emitted_readable = False
    _rtext = ''                    # paused-readable mode with an encoding: decoded, unread

    def _start_readable_mode(self):
        """A 'readable' listener was added (Node's Readable.on('readable'))."""
        if self._end_emitted or self._readable_listening:
            return
        # Node's Readable.on('readable'): paused-readable mode
        self._readable_listening = self._need_readable = True
        self._flowing = False
        self._emitted_readable = False
        self._reading = True
        self._decode_buffered()
        if self._rbuf or self._rtext or self._read_ended:
            self._emit_readable()
        elif getcurrent() is not self._driver:
            self._wake()  # (the driver arms its read-ahead when it parks)

    def _listener_removed(self, name):
        if name == 'readable':
            self._defer(self._update_readable_listening)

    def _update_readable_listening(self):
        """Node's updateReadableListening, a tick after a 'readable' listener went."""
        self._readable_listening = self.listener_count('readable') > 0
        if self._readable_listening:
            return
        if self.listener_count('data'):
            self.resume()
        else:
            self._flowing = None

    def _buffered_more(self):
        """Bytes were added to the buffer: 'readable' if a reader waits (Node's addChunk)."""
        self._decode_buffered()
        if self._need_readable:
            self._emit_readable()

    def _decode_buffered(self):
        """In paused-readable mode with an encoding, buffered bytes are decoded
        at once, so lengths and read(size) count characters, as Node's do."""
        if self._readable_listening and self._decoder is not None and self._rbuf:
            self._rtext += self._decoder.decode(self._rbuf)
            self._rbuf = b''

    def _emit_readable(self):
        """Node's emitReadable: 'readable' on the next tick, once until read() is called."""
        self._need_readable = False
        if not self._emitted_readable:
            self._emitted_readable = True
            self._defer(self._emit_readable_now)

    def _emit_readable_now(self):
        """Node's emitReadable_."""
        if not self.destroyed and (self.readable_length or self._read_ended):
            self.emit('readable')
            self._emitted_readable = False
        self._need_readable = not self._flowing and not self._read_ended \
            and self.readable_length <= self.high_water_mark

    def read(self, size: int | None = None) -> Any:
        """Node's ``read([size])`` in paused-readable mode, else Python's blocking read.

        With a 'readable' listener attached: *size* bytes (all buffered
        when None) as bytes, or str after set_encoding; None when fewer
        are buffered and the stream has not ended; never blocks; emits
        'data' with what it returns and schedules 'end' once the buffer is
        empty after EOF. Without one: Python's blocking read (``Blocking.read(n=-1)``).
        """
        if not self._readable_listening:
            return super().read(-1 if size is None else size)  # (the blocking facade)
        if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
            raise errors.ERR_INVALID_ARG_TYPE('size', 'number', size)
        if size != 0:
            self._emitted_readable = False
        text = self._decoder is not None
        buffered = len(self._rtext) if text else len(self._rbuf)
        if size == 0:
            if self._need_readable and (buffered >= self.high_water_mark or self._read_ended):
                if not buffered and self._read_ended:
                    self._defer(self._emit_end)
                else:
                    self._emit_readable()
            return None
        if size is None or size > buffered:
            size = buffered if size is None or self._read_ended else 0
        if not size:
            self._need_readable = buffered <= self.high_water_mark
            if not buffered:
                if self._read_ended:
                    self._defer(self._emit_end)  # Node's endReadable
                else:
                    self._need_readable = True
            self._rearm()
            return None
        if text:
            data, self._rtext = self._rtext[:size], self._rtext[size:]
        else:
            data, self._rbuf = self._rbuf[:size], self._rbuf[size:]
        if not self.readable_length and not self._read_ended:
            self._need_readable = True
        self._rearm()
        self.emit('data', data)
        return data

    def _rearm(self):
        """After read() took bytes: let the driver read ahead again (it arms on park)."""
        if getcurrent() is not self._driver and not self.destroyed:
            self._wake()

    def unshift(self, chunk: Data | None, encoding: str | None = None) -> None:
        """Put *chunk* back in front of the buffer: the next read or 'data' gets it first.

        Node's ``readable.unshift()``; after 'end' it destroys the socket
        with ERR_STREAM_UNSHIFT_AFTER_END_EVENT. str is encoded with
        *encoding* (default utf8).
        """
        if self._end_emitted:
            self.destroy(errors.ERR_STREAM_UNSHIFT_AFTER_END_EVENT())
            return False
        if self.destroyed:
            return False
        data = _to_bytes(chunk, encoding)
        if not data:
            return True
        if self._rtext:
            self._rtext = type(self._decoder)().decode(bytes(data), final=True) + self._rtext
        else:
            self._rbuf = bytes(data) + self._rbuf
            self._buffered_more()
        if self._flowing:
            self._defer(self._resumed_buffer)
        elif self._need_readable:
            self._emit_readable()
        return True
