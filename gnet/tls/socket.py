"""``gnet.tls.TLSSocket``: a :class:`gnet.Socket` whose bytes pass through TLS.

A TLSSocket keeps the raw non-blocking TCP socket of its parent class and
puts an ``ssl.SSLObject`` over two ``ssl.MemoryBIO`` buffers between it
and the user: reads ``recv()`` ciphertext into the incoming BIO and
decrypt; writes encrypt into the outgoing BIO and hand the ciphertext to
the parent's write path (so backpressure, 'drain' and the write watcher
are the parent's). Memory BIOs rather than a wrapped socket, because they
let gnet send a close_notify without OpenSSL reading (and dropping) the
peer's data — Node's half-close — and because a write then never has to
be retried with "the same buffer".

It plugs into the plain socket's halves through their hooks, as Node's
``lib/_tls_wrap.js`` wraps a socket: :meth:`TLSSocket._deliver` (each
chunk the parent's read loop got: decrypt, then the parent's ``_push``
per record), :meth:`TLSSocket._deliver_eof` and :meth:`TLSSocket._transmit`
(encrypt, then the parent's ``_send_or_queue``). The read loop, its park
after a short read, and the write path exist once, in :mod:`gnet.socket`.

On the hot path it adds only C calls: ``SSLObject.read()`` is called while
the incoming BIO holds bytes (so no SSLWantReadError is raised per
message; one comes only for a record split across reads), through the C
object under the ``ssl.SSLObject`` wrapper, asking for one record's worth
(16 KiB). A TLS 1.3 server holds its session tickets when the client's
first data came with its Finished, so they leave in the same segment as
the reply (no Nagle wait behind a tickets-only segment); otherwise, or
when nothing is written, they go out right after 'secureConnection'.

The handshake runs in the connection's own greenlet (the server's spawn,
or the client's driver), never in the accept loop.
"""

from __future__ import annotations

import ssl
from collections import deque
from typing import Any

import gevent
from gevent.event import Event
from greenlet import getcurrent

from gnet import errors
from gnet.emitter import camel_aliases
from gnet.events import SOCKET_EVENTS, SocketEvent
from gnet.socket import RECV_SIZE, Socket, _to_bytes
from gnet.tls import _openssl
from gnet.tls._cert import peer_certificate
from gnet.tls._client import TLSClientHandshake
from gnet.tls._errors import ERR_TLS_OPTION_UNSUPPORTED, conn_reset, from_ssl_error
from gnet.tls._features import CAMEL as _FEATURE_CAMEL, TLSFeatures
from gnet.tls._options import REFUSED_EVENTS
from gnet.tls.starttls import adopt, release_plain, starttls_options
from gnet.typedefs import Options

__all__ = ['TLSSocket', 'SocketSecureConnect']

_WantRead = ssl.SSLWantReadError
_Closed = (ssl.SSLZeroReturnError, ssl.SSLEOFError)
_SSLError = ssl.SSLError


#: The most plaintext one TLS record carries: one SSLObject.read() returns at
#: most this, so asking for more only makes a bigger buffer to shrink.
_RECORD_SIZE = 16384


class SocketSecureConnect(SocketEvent):
    __slots__ = ()


class _HandshakeEOF(Exception):
    """The peer closed the TCP connection in the middle of the handshake."""


@camel_aliases(dict(_FEATURE_CAMEL, **{
    'authorizationError': 'authorization_error', 'getProtocol': 'get_protocol',
    'alpnProtocol': 'alpn_protocol', 'getCertificate': 'get_certificate',
}))
class TLSSocket(TLSFeatures, TLSClientHandshake, Socket):
    """A :class:`gnet.Socket` speaking TLS; every Socket event and style works.

    Node's extra surface: ``authorized``, ``authorization_error``,
    ``encrypted`` (always True), ``alpn_protocol`` (str or False),
    ``servername`` (the SNI name; False when none), ``get_protocol()``,
    ``get_certificate()``, and (:class:`gnet.tls._features.TLSFeatures`)
    ``get_peer_certificate(detailed)``, ``get_cipher()``, ``get_session()``,
    ``is_session_reused()``, ``export_keying_material()``, ``get_finished()``,
    ``get_peer_finished()``, the 'keylog' and 'session' events; camelCase
    aliases too. Listeners for 'OCSPResponse' are refused. ``end()``
    sends a close_notify, then the TCP FIN; the peer may go on sending
    (half-close) when allowHalfOpen is set.
    """

    event_classes = dict(SOCKET_EVENTS, secureConnect=SocketSecureConnect)

    #: Node's ``tlsSocket.encrypted``: always True (a plain Socket has no such attribute).
    encrypted = True

    def __init__(self, socket: Socket | Options | None = None, options: Options | None = None,
                 **kw: Any) -> None:
        """``TLSSocket(socket, options)``: Node's STARTTLS form, taking over a
        connected plain gnet.Socket (:mod:`gnet.tls.starttls`); ``TLSSocket()``
        or ``TLSSocket(net_options)``: a fresh socket (servers, connect())."""
        plain = None
        if socket is not None and not isinstance(socket, dict):
            plain, socket = socket, None
        super().__init__(socket, **kw)
        self._plain = None             # the plain socket this one took over (STARTTLS)
        self._tls = None
        self._tls_obj = None
        self._incoming = None
        self._outgoing = None
        self._secure = False           # handshake done
        self._server_side = False
        self._plain_pending = []       # [data, callback] written before the handshake ended
        self._close_notify_sent = False
        self._tickets_held = False     # server: TLS 1.3 tickets wait for the first reply
        self._authorized = False
        self._authorization_error = None
        self._alpn = False
        self._servername = False
        self._sni_error = None
        if plain is not None:
            adopt(self, plain, starttls_options(options))

    # --- setting up ---------------------------------------------------------------

    def _start_tls(self, context, server_side, server_hostname=None):
        incoming = self._incoming = ssl.MemoryBIO()
        outgoing = self._outgoing = ssl.MemoryBIO()
        self._tls = context.wrap_bio(incoming, outgoing, server_side=server_side,
                                     server_hostname=server_hostname)
        self._tls._gnet_socket = self  # for the SNI callback
        if server_side and _openssl.AVAILABLE:
            _openssl.apply_session_id_context(self._tls, context)
        for name in ('keylog', 'session'):
            if self._events.get(name):
                self._enable_client_callbacks(name)
        # The C object under ssl.SSLObject: its read/write/pending without the
        # Python wrapper frame (the same calls and exceptions), for the hot path.
        self._tls_obj = getattr(self._tls, '_sslobj', None) or self._tls
        self._server_side = server_side

    # --- Node's TLSSocket surface ---------------------------------------------------

    @property
    def authorized(self) -> bool:
        """True when the peer's certificate was verified (and matched the host)."""
        return self._authorized

    @property
    def authorization_error(self) -> str | None:
        """Node's code of the verification failure (e.g. 'CERT_HAS_EXPIRED'), or None."""
        return self._authorization_error

    @property
    def alpn_protocol(self) -> str | bool:
        """The protocol ALPN selected, or False (Node)."""
        return self._alpn

    @property
    def servername(self) -> str | bool | None:
        """The SNI name the client sent (server side) or asked for; False if none."""
        return self._servername

    def get_certificate(self) -> dict[str, Any] | None:
        """Node's dict of our own certificate; {} without one; None before the
        handshake or once destroyed (Node: null)."""
        if not self._secure or self.destroyed:
            return None
        if not _openssl.AVAILABLE:
            return {}
        return peer_certificate(_openssl.own_certificate(self._tls))

    def get_protocol(self) -> str | None:
        """'TLSv1.3', 'TLSv1.2', ...; None before the handshake."""
        return self._tls.version() if self._secure else None

    # --- the handshake (runs in the connection's greenlet) -----------------------

    def _send_raw(self, data):
        """Blocking: put *data* (ciphertext) in the kernel; handshake and alerts only."""
        view = memoryview(data)
        while view:
            if self.destroyed:
                raise errors.ERR_SOCKET_CLOSED()
            try:
                sent = self._raw.send(view)
            except BlockingIOError:
                self._wait(2)
                continue
            view = view[sent:]

    def _handshake(self):
        """Drive do_handshake() over the raw socket until it is done, or raise."""
        tls, incoming, outgoing = self._tls, self._incoming, self._outgoing
        while True:
            try:
                tls.do_handshake()
                done = True
            except _WantRead:
                done = False
            except _SSLError:
                failed, self._callback_exc = self._callback_exc, None
                if outgoing.pending and not self.destroyed and not self._hang_up:
                    try:
                        self._send_raw(outgoing.read())  # the alert, as Node sends it
                    except OSError:
                        pass
                if failed is not None:
                    raise failed  # a callback's own exception, not OpenSSL's alert
                raise
            if self._pending_emits or self._callback_exc:
                self._after_handshake_step()
            if outgoing.pending:
                if done and not self._server_side and tls.version() == 'TLSv1.3':
                    # The client's Finished leaves only once the server's certificate
                    # is accepted and 'secureConnect' ran (_client_handshake): a
                    # client that rejects it, or destroys the socket there, hangs
                    # up mid-handshake, and the server sees ECONNRESET, as with Node.
                    self._final_flight = outgoing.read()
                elif done and self._server_side and incoming.pending \
                        and tls.version() == 'TLSv1.3':
                    # What is left are TLS 1.3 session tickets, and the client's
                    # data came with its Finished: the tickets go out with the
                    # reply (one send; and no Nagle wait for the ACK of a
                    # tickets-only segment), or after 'secureConnection'.
                    self._tickets_held = True
                else:
                    self._send_raw(outgoing.read())
            if done:
                return
            while True:
                if self.destroyed:
                    raise errors.ERR_SOCKET_CLOSED()
                try:
                    data = self._raw.recv(RECV_SIZE)
                except BlockingIOError:
                    self._wait(1)
                    continue
                break
            if not data:
                raise _HandshakeEOF()
            incoming.write(data)

    def _handshake_or_destroy(self):
        """A driver task's handshake: True when done; otherwise the socket is
        destroyed with Node's error for the failure ('error', then 'close')."""
        try:
            self._handshake()
        except gevent.GreenletExit:
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure is the socket's 'error'
            if not self.destroyed:
                self.destroy(self._handshake_error(exc))
            return False
        return True

    def _handshake_error(self, exc):
        if isinstance(exc, _SSLError):
            if isinstance(exc, ssl.SSLEOFError):
                return conn_reset(self._server_side)
            if self._sni_error is not None:
                return self._sni_error
            return from_ssl_error(exc)
        if isinstance(exc, (_HandshakeEOF, ConnectionResetError, BrokenPipeError,
                            errors.ERR_SOCKET_CLOSED)):
            return conn_reset(self._server_side)
        if isinstance(exc, OSError):
            return errors.system_error(exc, 'read')
        return exc

    def _became_secure(self):
        """After the handshake: remember what was negotiated, flush early writes."""
        self._secure = True
        if self._secured is not None:
            self._secured.set()
        tls = self._tls
        self._alpn = tls.selected_alpn_protocol() or False
        if not self._server_side:
            self._servername = tls.server_hostname or False
        self._drain_plaintext()   # application data that came with the last flight
        pending, self._plain_pending = self._plain_pending, []
        for data, callback in pending:
            self._queued -= len(data)
            self._transmit(data, callback)
        if self._need_drain and not self._queue:
            # the kernel took everything written before the handshake: the
            # write that returned False gets its 'drain' (Node; a pipe waits on it)
            self._need_drain = False
            self._defer(self._emit_drain)
        if self._rbuf and self._flowing:
            self._defer(self._pump_buffered)
        if self._ended and not self._finished and not self._queue:
            self._defer(self._finish_end)
        elif self._ended and self._queue:
            self._shutdown_pending = True

    def _flush_held_tickets(self):
        """After 'secureConnection' and the data that came with the handshake."""
        self._tickets_held = False
        if not self.destroyed and self._outgoing.pending:
            self._send_or_queue(self._outgoing.read(), None)

    def _pump_buffered(self):
        if self._rbuf and self._flowing and not self.destroyed:
            chunk, self._rbuf = self._rbuf, b''
            self._emit_buffered(chunk)

    # --- reading (the hot path: hooks of the parent's read loop) --------------------

    def _pump(self):
        """The parent's read loop, after what is already decrypted or in the BIO.

        Plaintext a short blocking ``recv()`` left inside OpenSSL, or records
        a stopped delivery left in the incoming BIO, go first (``read()``
        even with an empty BIO when OpenSSL holds plaintext: a read of
        _RECORD_SIZE never leaves any); then :meth:`Socket._pump` reads,
        delivers through :meth:`_deliver` and parks. Returns what it returns.
        """
        if self._rbuf:
            self._pump_buffered()
            return True
        self._deliver(b'', self._tls_obj.pending() > 0)
        if self._tasks or not self._flowing or self._read_ended or self.destroyed:
            return True
        return Socket._pump(self)

    def _deliver(self, raw, force=False):
        """Hook of the parent's read loop: ciphertext in, each whole record out as 'data'.

        *raw* goes into the incoming BIO (b'': only drain it). Then each
        record is pushed (the parent's ``_push``), stopping where the
        parent's loop stops; ``SSLObject.read()`` is called only while the
        BIO holds bytes (or *force*), so the common path raises no
        SSLWantReadError. Once the BIO is drained, what OpenSSL wants to
        send (session tickets, a KeyUpdate reply) goes out.
        """
        incoming = self._incoming
        if raw:
            incoming.write(raw)
        read = self._tls_obj.read
        push = self._push
        tasks = self._tasks
        while force or incoming.pending:
            force = False
            try:
                data = read(_RECORD_SIZE)
            except _WantRead:
                break       # a partial record: the rest is still on the wire
            except _Closed:
                self._on_eof()
                return
            except _SSLError as exc:
                self._tls_failed(exc)
                return
            if not data:    # close_notify
                self._on_eof()
                return
            push(data)
            if tasks or not self._flowing or self._read_ended or self.destroyed:
                return
        if self._outgoing.pending:
            self._send_or_queue(self._outgoing.read(), None)

    def _deliver_eof(self):
        """Hook: the TCP FIN; what the BIO holds is still delivered, then 'end' (or an error)."""
        self._incoming.write_eof()
        self._deliver(b'', True)

    def _tls_failed(self, exc):
        self._read_ended = True
        self.destroy(from_ssl_error(exc))

    def _drain_plaintext(self, limit=None):
        """Decrypt what the incoming BIO holds into the read-ahead buffer.

        Returns ``(got_data, stop)``: *stop* is None while more may come,
        True at the peer's close_notify/FIN, or the ssl error to report.
        """
        chunks = []
        read = self._tls.read
        size = 0
        stop = None
        while limit is None or size < limit:
            try:
                data = read(RECV_SIZE)
            except _WantRead:
                break
            except _Closed:
                stop = True
                break
            except _SSLError as exc:
                stop = exc
                break
            if not data:
                stop = True
                break
            chunks.append(data)
            size += len(data)
        if chunks:
            self._bytes_read += size
            self._rbuf += b''.join(chunks)
        return bool(chunks), stop

    def _read_ahead(self):
        """Hub callback while nobody reads: decrypt up to highWaterMark into _rbuf.

        The parent's rule (so close_notify or a FIN alone gives 'end', and
        one behind unread data waits for a reader) on decrypted bytes. It
        stands aside while a blocking recv() waits on the same descriptor.
        """
        waiter = self._wait_watcher
        if waiter is not None and waiter.active:
            return
        try:
            raw = self._raw.recv(RECV_SIZE)
        except BlockingIOError:
            return
        except OSError as exc:
            self._read_watcher.stop()
            self._read_ended = True
            self._defer(self._read_failed, exc)
            return
        if raw:
            self._incoming.write(raw)
        else:
            self._incoming.write_eof()
        if self._outgoing.pending:
            self._send_or_queue(self._outgoing.read(), None)
        got, stop = self._drain_plaintext(self.high_water_mark - len(self._rbuf))
        if got:
            self._buffered_more()  # ('readable' for a paused-readable reader)
        if stop is True:
            self._read_watcher.stop()
            self._defer(self._on_eof)
        elif stop is not None:
            self._read_watcher.stop()
            self._defer(self._tls_failed, stop)
        elif len(self._rbuf) >= self.high_water_mark:
            self._read_watcher.stop()  # full: the peer's window closes (backpressure)

    _secured = None   # an Event for blocking reads that came before the handshake ended

    def _await_secure(self):
        """A blocking read before the handshake is done waits for it (its driver runs it)."""
        if self._secure or self._tls is None or self.destroyed or getcurrent() is self._driver:
            return
        if self._secured is None:
            self._secured = Event()
        self._secured.wait()

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        """Block until decrypted data arrives; up to *bufsize* bytes, b'' at the end."""
        self._await_secure()
        self._check_blocking_read('recv')
        if self._rbuf:
            data, self._rbuf = self._rbuf[:bufsize], self._rbuf[bufsize:]
            return data
        while True:
            if self._read_ended or self.destroyed:
                if self._read_ended and not self._end_emitted:
                    self._defer(self._emit_end)  # the buffered bytes are read now
                return b''
            try:
                data = self._tls.read(bufsize)
            except _WantRead:
                if self._outgoing.pending:
                    self._send_or_queue(self._outgoing.read(), None)
                try:
                    raw = self._raw.recv(RECV_SIZE)
                except BlockingIOError:
                    self._wait(1)
                    continue
                except OSError as exc:
                    self._read_ended = True
                    self._defer(self.destroy, errors.system_error(exc, 'read'))
                    raise
                if raw:
                    self._incoming.write(raw)
                else:
                    self._incoming.write_eof()
                continue
            except _Closed:
                data = b''
            except _SSLError as exc:
                self._read_ended = True
                err = from_ssl_error(exc)
                self._defer(self.destroy, err)
                raise err from exc
            if data:
                self._bytes_read += len(data)
                if self._timeout_ms:
                    self._last_active = self._loop.now()
            else:
                self._read_ended = True
                self._defer(self._emit_end)
            return data

    # --- writing ----------------------------------------------------------------------

    def _transmit(self, data, callback):
        """Hook of write(): encrypt, then the parent's one write path.

        Before the handshake is done the plaintext waits (Node buffers it
        too); ``writable_length`` counts ciphertext once it is encrypted.
        """
        if not self._secure:
            if self.connecting and not self._plain_pending:
                self._watch_close_before_connect(self._unwatch_close_before_connect)
            self._plain_pending.append((data, callback))
            self._queued += len(data)
            return self._below_high_water()
        if not data:
            if callback is not None:
                self._defer(callback, None)
            return self._below_high_water()
        self._tls_obj.write(data)  # into the outgoing BIO: never blocks
        return self._send_or_queue(self._outgoing.read(), callback)

    def send(self, data: bytes | bytearray | memoryview, flags: int = 0) -> int:
        """Blocking: encrypt and send all of *data*; returns its length."""
        self.sendall(data, flags)
        return len(data)

    def sendall(self, data: bytes | bytearray | memoryview, flags: int = 0) -> None:
        """Block until *data* (after earlier writes) is encrypted and in the kernel."""
        if self._raw is None or self.destroyed:
            raise errors.ERR_SOCKET_CLOSED()
        data = _to_bytes(data, None)
        self.write(data)
        if not self._secure:
            return None  # sent once the handshake is done (Node buffers too)
        self._wait_flushed()

    def _finish_end(self):
        """close_notify first (Node's shutdownSSL), then the parent's FIN and 'finish'."""
        if self.destroyed or self._finished:
            return
        if not self._secure:
            return  # _became_secure() comes back here
        if not self._close_notify_sent:
            self._close_notify_sent = True
            self._drain_plaintext()  # SSL_shutdown must not read (and drop) peer data
            try:
                self._tls.unwrap()
            except _SSLError:
                pass  # SSLWantReadError: sent ours, the peer's has not come (half-close)
            cipher = self._outgoing.read()
            if cipher:
                self._send_or_queue(cipher, None)
                if self._queue:
                    self._shutdown_pending = True
                    return
            if self._rbuf and self._flowing:
                self._defer(self._pump_buffered)
        Socket._finish_end(self)

    def _listener_added(self, name):
        if name in REFUSED_EVENTS:
            self.remove_all_listeners(name)
            raise ERR_TLS_OPTION_UNSUPPORTED(name, REFUSED_EVENTS[name])
        if name in ('keylog', 'session'):
            self._enable_client_callbacks(name)
        super()._listener_added(name)

    def _destroy(self, error, emit_error=True):
        self._disown()
        if self._secured is not None:
            self._secured.set()
        release_plain(self)
        pending, self._plain_pending = self._plain_pending, []
        if self.connecting and pending and not self._queue:
            # Node: writes before 'connect' wait in net's _writeGeneric, as a
            # plain socket's do: the parent fails them as it fails its own
            # (the first ERR_SOCKET_CLOSED_BEFORE_CONNECTION).
            self._queue = deque([data, callback, len(data)] for data, callback in pending)
            pending = []
        for _data, callback in pending:
            if callback is not None:
                self._defer(callback, error or errors.ERR_STREAM_DESTROYED('write'))
        super()._destroy(error, emit_error)

    def __repr__(self):
        peer = self._peer or (self._raw and not self.destroyed and self._peername())
        return '<gnet.tls.TLSSocket %s%s>' % (peer or '', ' destroyed' if self.destroyed else '')


