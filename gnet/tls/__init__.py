"""``gnet.tls``: Node's ``tls.Server``, ``tls.TLSSocket`` and ``tls.connect``.

One concept: TLS on top of :class:`gnet.Socket` and :class:`gnet.Server`.
Option handling lives in :mod:`gnet.tls._context`, certificate display and
host-name checks in :mod:`gnet.tls._cert`, error codes in
:mod:`gnet.tls._errors`.

How it works
------------
A :class:`TLSSocket` keeps the raw non-blocking TCP socket of its parent
class and puts an ``ssl.SSLObject`` over two ``ssl.MemoryBIO`` buffers
between it and the user: reads ``recv()`` ciphertext into the incoming
BIO and decrypt; writes encrypt into the outgoing BIO and hand the
ciphertext to the parent's queue (so backpressure, 'drain' and the write
watcher are the parent's). Memory BIOs rather than a wrapped socket,
because they let gnet send a close_notify without OpenSSL reading (and
dropping) the peer's data — Node's half-close — and because a write then
never has to be retried with "the same buffer".

The hot path (``_pump`` and ``write``) keeps the parent's shape — one
``recv()`` and one ``send()`` per message, and a park on the read watcher
after a short read — and adds only C calls: ``SSLObject.read()`` is
called while the incoming BIO holds bytes (so no SSLWantReadError is
raised per message; one comes only for a record split across reads),
through the C object under the ``ssl.SSLObject`` wrapper, asking for one
record's worth (16 KiB). A TLS 1.3 server holds its session tickets when
the client's first data came with its Finished, so they leave in the same
segment as the reply (no Nagle wait behind a tickets-only segment);
otherwise, or when nothing is written, they go out right after
'secureConnection'.

The handshake runs in the connection's own greenlet (the server's spawn,
or the client's driver), never in the accept loop: a client that never
speaks TLS costs one greenlet until ``handshakeTimeout``.

Server events, in Node's order: 'connection'(tls_socket, before the
handshake; Node passes the raw TCP socket there), then
'secureConnection'(tls_socket) or 'tlsClientError'(err, tls_socket) — the
latter with the socket already destroyed. Client: 'connect', 'ready', then
'secureConnect' (or 'error' with Node's code, then 'close').
"""

import ssl

import gevent
from gevent import Timeout
from zope.event import subscribers as _subscribers  # the list emit() checks

from gnet import errors
from gnet.tls._cert import check_server_identity, peer_certificate, unverified_error
from gnet.tls._context import (SecureContext, alpn_list, as_ssl_context, client_context,
                               create_secure_context, option, server_context)
from gnet.tls._errors import (ERR_TLS_HANDSHAKE_TIMEOUT, TLSError, conn_reset,
                              from_ssl_error)
from gnet.client import start_connect
from gnet.emitter import camel_aliases
from gnet.events import SERVER_EVENTS, SOCKET_EVENTS, ServerEvent, SocketEvent
from gnet.ip import is_ip
from gnet.server import Server as _NetServer
from gnet.socket import _WOKEN_READABLE, RECV_SIZE, Socket, _to_bytes

__all__ = ['TLSSocket', 'Server', 'SecureContext', 'TLSError', 'connect', 'create_server',
           'createServer', 'create_secure_context', 'createSecureContext',
           'check_server_identity', 'checkServerIdentity', 'DEFAULT_HANDSHAKE_TIMEOUT']

_WantRead = ssl.SSLWantReadError
_Closed = (ssl.SSLZeroReturnError, ssl.SSLEOFError)
_SSLError = ssl.SSLError

#: The most plaintext one TLS record carries: one SSLObject.read() returns at
#: most this, so asking for more only makes a bigger buffer to shrink.
_RECORD_SIZE = 16384

#: Node's default handshakeTimeout, in milliseconds.
DEFAULT_HANDSHAKE_TIMEOUT = 120000


# --- zope.event classes for the TLS events --------------------------------------

class ServerSecureConnection(ServerEvent):
    """``args`` is ``(tls_socket,)``."""
    __slots__ = ()


class ServerTLSClientError(ServerEvent):
    """``args`` is ``(err, tls_socket)``."""
    __slots__ = ()


class SocketSecureConnect(SocketEvent):
    __slots__ = ()


class _HandshakeEOF(Exception):
    """The peer closed the TCP connection in the middle of the handshake."""


@camel_aliases({
    'authorizationError': 'authorization_error', 'getPeerCertificate': 'get_peer_certificate',
    'getProtocol': 'get_protocol', 'getCipher': 'get_cipher', 'alpnProtocol': 'alpn_protocol',
    'isSessionReused': 'is_session_reused', 'getCertificate': 'get_certificate',
})
class TLSSocket(Socket):
    """A :class:`gnet.Socket` speaking TLS; every Socket event and style works.

    Node's extra surface: ``authorized``, ``authorization_error``,
    ``encrypted`` (always True), ``alpn_protocol`` (str or False),
    ``servername`` (the SNI name; False when none), ``get_peer_certificate()``,
    ``get_protocol()``, ``get_cipher()``; camelCase aliases too. ``end()``
    sends a close_notify, then the TCP FIN; the peer may go on sending
    (half-close) when allowHalfOpen is set.
    """

    event_classes = dict(SOCKET_EVENTS, secureConnect=SocketSecureConnect)

    encrypted = True

    def __init__(self, options=None, **kw):
        super().__init__(options, **kw)
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

    # --- setting up ---------------------------------------------------------------

    def _start_tls(self, context, server_side, server_hostname=None):
        incoming = self._incoming = ssl.MemoryBIO()
        outgoing = self._outgoing = ssl.MemoryBIO()
        self._tls = context.wrap_bio(incoming, outgoing, server_side=server_side,
                                     server_hostname=server_hostname)
        self._tls._gnet_socket = self  # for the SNI callback
        # The C object under ssl.SSLObject: its read/write/pending without the
        # Python wrapper frame (the same calls and exceptions), for the hot path.
        self._tls_obj = getattr(self._tls, '_sslobj', None) or self._tls
        self._server_side = server_side

    # --- Node's TLSSocket surface ---------------------------------------------------

    @property
    def authorized(self):
        """True when the peer's certificate was verified (and matched the host)."""
        return self._authorized

    @property
    def authorization_error(self):
        """Node's code of the verification failure (e.g. 'CERT_HAS_EXPIRED'), or None."""
        return self._authorization_error

    @property
    def alpn_protocol(self):
        """The protocol ALPN selected, or False (Node)."""
        return self._alpn

    @property
    def servername(self):
        """The SNI name the client sent (server side) or asked for; False if none."""
        return self._servername

    def get_peer_certificate(self, detailed=False):
        """Node's certificate dict of the peer; {} without one, None once destroyed."""
        if self._tls is None or not self._secure:
            return None if self.destroyed else {}
        der = self._tls.getpeercert(binary_form=True)
        fallback = None
        if der and self._tls.context.verify_mode != ssl.CERT_NONE:
            fallback = self._tls.getpeercert()
        return peer_certificate(der, fallback)

    def get_certificate(self):
        """Our own certificate: Python's ssl cannot show it; {} (Node: null or object)."""
        return {} if self._secure else None

    def get_protocol(self):
        """'TLSv1.3', 'TLSv1.2', ...; None before the handshake."""
        return self._tls.version() if self._secure else None

    def get_cipher(self):
        """``{'name', 'standardName', 'version'}`` of the negotiated cipher."""
        if not self._secure:
            return None
        name, version, _bits = self._tls.cipher()
        return {'name': name, 'standardName': name, 'version': version}

    def is_session_reused(self):
        return bool(self._tls is not None and self._tls.session_reused)

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
                if outgoing.pending and not self.destroyed:
                    try:
                        self._send_raw(outgoing.read())  # the alert, as Node sends it
                    except OSError:
                        pass
                raise
            if outgoing.pending:
                if done and self._server_side and incoming.pending \
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
        tls = self._tls
        self._alpn = tls.selected_alpn_protocol() or False
        if not self._server_side:
            self._servername = tls.server_hostname or False
        self._drain_plaintext()   # application data that came with the last flight
        pending, self._plain_pending = self._plain_pending, []
        for data, callback in pending:
            self._queued -= len(data)
            self._write_secure(data, callback)
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
            self._write_cipher(self._outgoing.read(), None)

    def _pump_buffered(self):
        if self._rbuf and self._flowing and not self.destroyed:
            chunk, self._rbuf = self._rbuf, b''
            self._emit_buffered(chunk)

    # --- client side --------------------------------------------------------------

    def _after_connect(self):
        """TCP is up ('connect', 'ready' emitted): the client handshake, as a task."""
        self._defer(self._client_handshake, self._tls_connect_options)

    def _client_handshake(self, options):
        """A driver task after 'connect': handshake, verify, then 'secureConnect'."""
        if self.destroyed or self._tls is None:
            return
        try:
            self._handshake()
        except gevent.GreenletExit:
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure is the socket's 'error'
            if not self.destroyed:
                self.destroy(self._handshake_error(exc))
            return
        self._secure = True
        error = self._verify_server(options)
        if error is not None:
            self._authorized = False
            self._authorization_error = getattr(error, 'code', None) or str(error)
            if option(options, 'rejectUnauthorized', 'reject_unauthorized', default=True):
                self.destroy(error)
                return
        else:
            self._authorized = True
        self._became_secure()
        self.emit('secureConnect')

    def _verify_server(self, options):
        """Node's onConnectSecure: the chain (when OpenSSL did not), then the name."""
        tls = self._tls
        der = tls.getpeercert(binary_form=True)
        if tls.context.verify_mode == ssl.CERT_NONE:
            error = unverified_error(der, tls.context.get_ca_certs(binary_form=True))
            if error is not None:
                return error
        hostname = option(options, 'servername') or options.get('host') or 'localhost'
        check = option(options, 'checkServerIdentity', 'check_server_identity',
                       default=check_server_identity)
        return check(hostname, self.get_peer_certificate())

    # --- reading (the hot path) -----------------------------------------------------

    def _pump(self):
        """Decrypt and emit 'data' while bytes keep coming (the TLS hot path).

        Per message: one ``recv()`` into the incoming BIO, one
        ``SSLObject.read()`` per TLS record, then — the BIO drained — a
        park on the read watcher right here (the parent's rule after a
        short read: wait for readability, never ``recv()`` into EAGAIN).
        ``read()`` is only called while the incoming BIO (or OpenSSL's
        decrypted buffer) holds bytes, so the common path raises no
        SSLWantReadError; it comes only for a record split across reads.
        Returns what the parent's ``_pump`` returns (True: go round the
        driver loop; False: park there; or the reaper's _RELEASED).
        """
        if self._rbuf:
            self._pump_buffered()
            return True
        tls = self._tls_obj
        read = tls.read
        incoming = self._incoming
        outgoing = self._outgoing
        feed = incoming.write
        recv = self._raw.recv
        emit = self.emit
        events = self._events
        tasks = self._tasks
        watcher = self._read_watcher or self._make_read_watcher()
        switch = self._driver.switch
        hub_switch = self._hub.switch
        short = False
        # read() even with an empty BIO: plaintext a short blocking recv() left in
        # OpenSSL (a read of _RECORD_SIZE never leaves any), or after the EOF.
        force = tls.pending() > 0
        while True:
            if force or incoming.pending:
                force = False
                try:
                    data = read(_RECORD_SIZE)
                except _WantRead:
                    data = None     # a partial record: the rest is still on the wire
                except _Closed:
                    self._on_eof()
                    return True
                except _SSLError as exc:
                    self._tls_failed(exc)
                    return True
                if data is not None:
                    if not data:  # close_notify
                        self._on_eof()
                        return True
                    self._bytes_read += len(data)
                    if self._timeout_ms:
                        self._last_active = self._loop.now()
                    if self._decoder is not None:
                        data = self._decoder.decode(data)
                        if data:
                            emit('data', data)
                    else:
                        listeners = events.get('data', ())
                        if len(listeners) == 1 and not _subscribers:
                            listeners[0](data)
                        else:
                            emit('data', data)
                    if tasks or not self._flowing or self._read_ended or self.destroyed:
                        return True
                    continue
            # The incoming BIO is drained.
            if outgoing.pending:  # e.g. session tickets, a KeyUpdate reply
                self._write_cipher(outgoing.read(), None)
                if tasks or self.destroyed:
                    return True
            if short:
                short = False
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
            try:
                raw = recv(RECV_SIZE)
            except BlockingIOError:
                return False
            except InterruptedError:
                continue
            except OSError as exc:
                self._read_failed(exc)
                return True
            if raw:
                feed(raw)
                short = len(raw) < RECV_SIZE
            else:
                self._incoming.write_eof()
                force = True

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
            self._write_cipher(self._outgoing.read(), None)
        _got, stop = self._drain_plaintext(self.high_water_mark - len(self._rbuf))
        if stop is True:
            self._read_watcher.stop()
            self._defer(self._on_eof)
        elif stop is not None:
            self._read_watcher.stop()
            self._defer(self._tls_failed, stop)
        elif len(self._rbuf) >= self.high_water_mark:
            self._read_watcher.stop()  # full: the peer's window closes (backpressure)

    def recv(self, bufsize, flags=0):
        """Block until decrypted data arrives; up to *bufsize* bytes, b'' at the end."""
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
                    self._write_cipher(self._outgoing.read(), None)
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

    def write(self, data, encoding=None, callback=None):
        """Encrypt and queue *data*; False once ``writable_length >= highWaterMark``.

        Before the handshake is done the plaintext waits (Node buffers it
        too); ``writable_length`` counts ciphertext once it is encrypted.
        """
        if callable(encoding):
            encoding, callback = None, encoding
        if type(data) is not bytes:
            data = _to_bytes(data, encoding)
        if self._ended or self.destroyed:
            return self._write_refused(callback)
        self._accepted += len(data)
        if self._timeout_ms:
            self._last_active = self._loop.now()
        if not self._secure:
            self._plain_pending.append((data, callback))
            self._queued += len(data)
        elif data:
            return self._write_secure(data, callback)
        elif callback is not None:
            self._defer(callback, None)
        if self._queued >= self.high_water_mark:
            self._need_drain = True
            return False
        return True

    def _write_secure(self, data, callback):
        self._tls_obj.write(data)  # into the outgoing BIO: never blocks
        return self._write_cipher(self._outgoing.read(), callback)

    def _write_cipher(self, cipher, callback):
        """The parent's write path for ciphertext: one send(), queue the rest."""
        if not self._queue and self._connected:
            try:
                sent = self._raw.send(cipher)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                self._write_failed(exc, callback)
                return False
            if sent == len(cipher):
                if callback is not None:
                    self._defer(callback, None)
                return True
            cipher = memoryview(cipher)[sent:]
        self._enqueue(cipher, callback)
        if self._queued >= self.high_water_mark:
            self._need_drain = True
            return False
        return True

    def send(self, data, flags=0):
        """Blocking: encrypt and send all of *data*; returns its length."""
        self.sendall(data, flags)
        return len(data)

    def sendall(self, data, flags=0):
        """Block until *data* (after earlier writes) is encrypted and in the kernel."""
        if self._raw is None or self.destroyed:
            raise errors.ERR_SOCKET_CLOSED()
        data = _to_bytes(data, None)
        self.write(data)
        if not self._secure:
            return None  # sent once the handshake is done (Node buffers too)
        # The write watcher flushes the queue; wake when writable and look again.
        while self._queue and not self.destroyed:
            self._wait(2)
        if self.destroyed:
            raise errors.ERR_SOCKET_CLOSED()

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
                self._write_cipher(cipher, None)
                if self._queue:
                    self._shutdown_pending = True
                    return
            if self._rbuf and self._flowing:
                self._defer(self._pump_buffered)
        Socket._finish_end(self)

    def _destroy(self, error, emit_error=True):
        pending, self._plain_pending = self._plain_pending, []
        for _data, callback in pending:
            if callback is not None:
                self._defer(callback, error or errors.ERR_STREAM_DESTROYED('write'))
        super()._destroy(error, emit_error)

    def __repr__(self):
        peer = self._peer or (self._raw and not self.destroyed and self._peername())
        return '<gnet.tls.TLSSocket %s%s>' % (peer or '', ' destroyed' if self.destroyed else '')


@camel_aliases({'addContext': 'add_context', 'setSecureContext': 'set_secure_context'})
class Server(_NetServer):
    """Node's ``tls.Server``: a :class:`gnet.Server` whose connections speak TLS.

    ``Server(options=None, secure_connection_listener=None, **kw)``.
    TLS options (Node's names): key, cert, ca, passphrase, pfx, ciphers,
    minVersion, maxVersion, ALPNProtocols, SNICallback, requestCert,
    rejectUnauthorized, handshakeTimeout (ms, default 120000), or a ready
    context as secureContext/context (a SecureContext or ssl.SSLContext);
    every net.Server option too.

    Events: everything net.Server has, plus 'secureConnection'(tls_socket)
    and 'tlsClientError'(err, tls_socket). A failed handshake destroys
    that socket, emits 'tlsClientError' and nothing else; the server goes on.
    """

    event_classes = dict(SERVER_EVENTS, secureConnection=ServerSecureConnection,
                         tlsClientError=ServerTLSClientError)

    socket_class = TLSSocket

    #: Milliseconds a client has to finish the handshake (Node: 120000).
    handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT

    def __init__(self, options=None, secure_connection_listener=None, **kw):
        if callable(options) and secure_connection_listener is None:
            options, secure_connection_listener = None, options
        spawn = kw.pop('spawn', 'default')
        handler_class = kw.pop('handler_class', None)
        options = dict(options or {})
        tls_kw = {k: kw.pop(k) for k in list(kw) if k not in _NET_KW}
        options.update(tls_kw)
        super().__init__(options, None, handler_class=handler_class, spawn=spawn, **kw)
        timeout = option(options, 'handshakeTimeout', 'handshake_timeout')
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
                raise errors.ERR_INVALID_ARG_TYPE('options.handshakeTimeout', 'number', timeout)
            self.handshake_timeout = timeout
        self._sni_contexts = []   # (hostname pattern, ssl.SSLContext), addContext()
        self._sni_callback = option(options, 'SNICallback', 'sni_callback')
        self._alpn = alpn_list(option(options, 'ALPNProtocols', 'alpnProtocols',
                                      'alpn_protocols'))
        self._context = None
        self.set_secure_context(options)
        if secure_connection_listener is not None:
            self.on('secureConnection', secure_connection_listener)

    def set_secure_context(self, options):
        """Node's ``server.setSecureContext(options)``: new connections use it."""
        context = server_context(options)
        previous = context.sni_callback
        if getattr(previous, '_gnet_server', None) is not None:
            previous = None
        self._user_sni = previous

        def sni(tls, server_name, ctx, _server=self):
            return _server._on_sni(tls, server_name, ctx)
        sni._gnet_server = self
        context.sni_callback = sni
        self._context = context

    def add_context(self, hostname, context):
        """Node's ``server.addContext(hostname, context)``: a certificate per SNI name.

        *hostname* may start with ``*.``; *context* is a SecureContext, an
        ssl.SSLContext or an options dict (key, cert, ...).
        """
        ctx = as_ssl_context(context)
        if self._alpn:
            ctx.set_alpn_protocols(self._alpn)
        self._sni_contexts.insert(0, (hostname.lower(), ctx))

    def _on_sni(self, tls, server_name, ctx):
        """OpenSSL's servername callback, inside do_handshake() (our greenlet)."""
        sock = getattr(tls, '_gnet_socket', None)
        if sock is not None:
            sock._servername = server_name or False
        if self._user_sni is not None:
            return self._user_sni(tls, server_name, ctx)
        if not server_name:
            return None
        for pattern, candidate in self._sni_contexts:
            if pattern == server_name.lower() or (
                    pattern.startswith('*.') and '.' in server_name
                    and server_name.lower().split('.', 1)[1] == pattern[2:]):
                tls.context = candidate
                return None
        if self._sni_callback is not None:
            result = []
            # Node's SNICallback(servername, cb); gnet needs cb called before it returns.
            self._sni_callback(server_name, lambda err=None, context=None:
                               result.append((err, context)))
            if not result:
                if sock is not None:
                    sock._sni_error = TLSError(
                        'ERR_TLS_SNI_ASYNC', 'SNICallback must call its callback before '
                        'returning in gnet (Python runs it inside the handshake)')
                return ssl.ALERT_DESCRIPTION_INTERNAL_ERROR
            err, context = result[0]
            if err is not None:
                if sock is not None:
                    sock._sni_error = err
                return ssl.ALERT_DESCRIPTION_INTERNAL_ERROR
            if context is not None:
                new = as_ssl_context(context)
                if self._alpn and new is not self._context:
                    new.set_alpn_protocols(self._alpn)
                tls.context = new
        return None

    def _after_connection(self, sock):
        """After 'connection', in the connection's greenlet: the handshake."""
        self._handshake_connection(sock)

    def _handshake_connection(self, sock):
        """Handshake within handshake_timeout; then 'secureConnection' or 'tlsClientError'."""
        sock._start_tls(self._context, server_side=True)
        timer = Timeout(self.handshake_timeout / 1000.0) if self.handshake_timeout else None
        if timer is not None:
            timer.start()
        try:
            sock._handshake()
        except gevent.GreenletExit:
            raise
        except Timeout as exc:
            if exc is not timer:
                raise
            err = ERR_TLS_HANDSHAKE_TIMEOUT()
        except BaseException as exc:  # noqa: BLE001 - becomes 'tlsClientError'
            err = sock._handshake_error(exc)
        else:
            err = None
        finally:
            if timer is not None:
                timer.close()
        if err is not None:
            sock.destroy()
            self.emit('tlsClientError', err, sock)
            return
        tls = sock._tls
        if tls.context.verify_mode != ssl.CERT_NONE:
            if tls.getpeercert(binary_form=True):
                sock._authorized = True
            else:
                sock._authorization_error = 'UNABLE_TO_GET_ISSUER_CERT'
        sock._became_secure()
        self.emit('secureConnection', sock)
        if sock._tickets_held:
            sock._defer(sock._flush_held_tickets)  # after the listener's first tasks


_NET_KW = {'allow_half_open', 'pause_on_connect', 'no_delay', 'keep_alive',
           'keep_alive_initial_delay', 'high_water_mark', 'proxy_protocol'}


def create_server(options=None, secure_connection_listener=None, **kw):
    """Node's ``tls.createServer([options][, secureConnectionListener])``."""
    return Server(options, secure_connection_listener, **kw)


def connect(*args, **kwargs):
    """Node's ``tls.connect()``: a :class:`TLSSocket`, connecting then handshaking.

    Forms: ``connect(options, callback=None)``,
    ``connect(port, host=None, options=None, callback=None)``,
    ``connect(path, options=None, callback=None)``. Options: every
    ``net.connect`` option plus host, port, servername (SNI; default the
    host unless it is an IP), ca, cert, key, passphrase, pfx,
    rejectUnauthorized (default True), ALPNProtocols, checkServerIdentity,
    minVersion, maxVersion, ciphers, secureContext. *callback* is a once
    listener for 'secureConnect'. A bad certificate is emitted as 'error'
    with Node's code (UNABLE_TO_VERIFY_LEAF_SIGNATURE,
    DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED,
    ERR_TLS_CERT_ALTNAME_INVALID, ...), then 'close'(True).
    """
    options, callback = _split_tls_args(args, kwargs)
    context = client_context(options)
    sock = TLSSocket({key: options[key] for key in ('allowHalfOpen', 'highWaterMark')
                      if key in options})
    servername = option(options, 'servername')
    host = options.get('host')
    if servername is None and host and not is_ip(host):
        servername = host
    if servername is None and not host and not options.get('path'):
        servername = 'localhost'
    sock._start_tls(context, server_side=False,
                    server_hostname=servername if servername and not is_ip(servername)
                    else None)
    if callback is not None:
        sock.once('secureConnect', callback)
    sock._tls_connect_options = options  # _after_connect() starts the handshake
    net_options = {k: v for k, v in options.items() if k in _NET_CONNECT_KEYS}
    return start_connect(sock, (net_options,), {})


_NET_CONNECT_KEYS = {'port', 'host', 'path', 'localAddress', 'localPort', 'family',
                     'timeout', 'noDelay', 'keepAlive', 'keepAliveInitialDelay',
                     'allowHalfOpen', 'highWaterMark', 'signal'}


def _split_tls_args(args, kwargs):
    """tls.connect's argument forms → (options, callback)."""
    args = list(args)
    callback = kwargs.pop('callback', None)
    if args and callable(args[-1]):
        callback = args.pop()
    options = {}
    if args and isinstance(args[-1], dict):
        options = dict(args.pop())
    if args:
        first = args[0]
        if isinstance(first, str) and not first.isdigit():
            options['path'] = first
        else:
            options['port'] = first
            if len(args) > 1 and args[1] is not None:
                options['host'] = args[1]
    for key, value in kwargs.items():
        options[_camel(key)] = value
    return options, callback


def _camel(name):
    special = {'alpn_protocols': 'ALPNProtocols', 'sni_callback': 'SNICallback'}
    if name in special:
        return special[name]
    head, *rest = name.split('_')
    return head + ''.join(part.title() for part in rest)


createServer = create_server
createSecureContext = create_secure_context
checkServerIdentity = check_server_identity
