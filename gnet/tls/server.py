"""``gnet.tls.Server``: Node's ``tls.Server``, a :class:`gnet.Server` whose connections speak TLS.

The server hands out :class:`~gnet.tls.socket.TLSSocket` and runs each
handshake in the connection's own greenlet, never in the accept loop: a
client that never speaks TLS costs one greenlet until ``handshakeTimeout``.

Events, in Node's order: 'connection'(tls_socket, before the handshake;
Node passes the raw TCP socket there), then 'secureConnection'(tls_socket)
or 'tlsClientError'(err, tls_socket) — the latter with the socket already
destroyed.
"""

from __future__ import annotations

import os
import ssl
from typing import Any

import gevent
from gevent import Timeout

from gnet import errors
from gnet.emitter import camel_aliases
from gnet.events import SERVER_EVENTS, ServerEvent
from gnet.server import Server as _NetServer
from gnet.tls import _openssl
from gnet.tls._cert import verify_result
from gnet.tls._context import alpn_list, as_ssl_context, server_context
from gnet.tls._errors import (ERR_TLS_HANDSHAKE_TIMEOUT, ERR_TLS_OPTION_UNSUPPORTED, TLSError,
                              conn_reset)
from gnet.tls._options import REFUSED_EVENTS, check_server_options, node_options, option
from gnet.tls._context import SecureContext
from gnet.tls.socket import TLSSocket
from gnet.typedefs import Listener, Options

__all__ = ['Server', 'create_server', 'DEFAULT_HANDSHAKE_TIMEOUT']

#: Node's default handshakeTimeout, in milliseconds.
DEFAULT_HANDSHAKE_TIMEOUT = 120000


class ServerSecureConnection(ServerEvent):
    """``args`` is ``(tls_socket,)``."""
    __slots__ = ()


class ServerTLSClientError(ServerEvent):
    """``args`` is ``(err, tls_socket)``."""
    __slots__ = ()



@camel_aliases({'addContext': 'add_context', 'setSecureContext': 'set_secure_context',
                'getTicketKeys': 'get_ticket_keys', 'setTicketKeys': 'set_ticket_keys'})
class Server(_NetServer):
    """Node's ``tls.Server``: a :class:`gnet.Server` whose connections speak TLS.

    ``Server(options=None, secure_connection_listener=None, **kw)``.
    TLS options (Node's names): every createSecureContext option (key, cert,
    ca, crl, passphrase, pfx, ciphers, minVersion, maxVersion, ecdhCurve,
    sigalgs, dhparam, secureOptions, sessionTimeout, ticketKeys,
    sessionIdContext, ...), ALPNProtocols, SNICallback, requestCert,
    rejectUnauthorized, handshakeTimeout (ms, default 120000), or a ready
    context as secureContext/context (a SecureContext or ssl.SSLContext);
    every net.Server option too. Refused options raise
    ERR_TLS_OPTION_UNSUPPORTED (gnet.tls._options).

    Also 'keylog'(line, tls_socket), 'newSession'(id, data, callback) and
    'resumeSession'(id, callback), switched on by their first listener;
    'OCSPRequest' listeners are refused.

    Events: everything net.Server has, plus 'secureConnection'(tls_socket)
    and 'tlsClientError'(err, tls_socket). A failed handshake destroys
    that socket, emits 'tlsClientError' and nothing else; the server goes on.
    """

    event_classes = dict(SERVER_EVENTS, secureConnection=ServerSecureConnection,
                         tlsClientError=ServerTLSClientError)

    socket_class = TLSSocket

    #: Milliseconds a client has to finish the handshake (Node: 120000).
    handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT

    def __init__(self, options: Options | Listener | None = None,
                 secure_connection_listener: Listener | None = None, **kw: Any) -> None:
        if callable(options) and secure_connection_listener is None:
            options, secure_connection_listener = None, options
        spawn = kw.pop('spawn', 'default')
        handler_class = kw.pop('handler_class', None)
        options = dict(options or {})
        tls_kw = {k: kw.pop(k) for k in list(kw) if k not in _NET_KW}
        options.update(tls_kw)
        options = node_options(options)
        check_server_options(options)
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
        self._ticket_keys = None    # the 48 bytes of getTicketKeys()
        self._callbacks_on = set()  # 'keylog', 'newSession', 'resumeSession' with listeners
        self._alpn_callback = option(options, 'ALPNCallback', 'alpn_callback')
        if self._alpn_callback is not None:
            self._callbacks_on.add('ALPNCallback')
        self._reject_unauthorized = bool(option(options, 'rejectUnauthorized',
                                                'reject_unauthorized', default=True))
        self.set_secure_context(options)
        if secure_connection_listener is not None:
            self.on('secureConnection', secure_connection_listener)

    def set_secure_context(self, options: Options) -> None:
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
        self._enable_callbacks(context)
        if _openssl.AVAILABLE:
            keys = option(options, 'ticketKeys', 'ticket_keys')
            if keys is None:  # Node: random keys, readable with getTicketKeys()
                keys = self._ticket_keys or os.urandom(48)
            self._ticket_keys = bytes(keys)
            _openssl.set_ticket_keys(context, self._ticket_keys)

    def get_ticket_keys(self) -> bytes | None:
        """Node's ``server.getTicketKeys()``: the 48 bytes session tickets are made with."""
        return self._ticket_keys

    def set_ticket_keys(self, keys: bytes | bytearray | memoryview) -> None:
        """Node's ``server.setTicketKeys(keys)`` (48 bytes), for every context of the server.

        A wrong length raises ERR_INVALID_ARG_VALUE (Node 20: ERR_INTERNAL_ASSERTION).
        """
        if not isinstance(keys, (bytes, bytearray, memoryview)):
            raise errors.ERR_INVALID_ARG_TYPE(
                'buffer', 'an instance of Buffer, TypedArray, or DataView', keys)
        if len(keys) != 48:
            raise errors.ERR_INVALID_ARG_VALUE('keys', len(keys), 'must be exactly 48 bytes')
        self._ticket_keys = bytes(keys)
        for ctx in [self._context] + [ctx for _pattern, ctx in self._sni_contexts]:
            _openssl.set_ticket_keys(ctx, self._ticket_keys)

    def _listener_added(self, name):
        """Node turns the server's keylog/session callbacks on with the first listener."""
        if name in REFUSED_EVENTS:
            self.remove_all_listeners(name)
            raise ERR_TLS_OPTION_UNSUPPORTED(name, REFUSED_EVENTS[name])
        if name in ('keylog', 'newSession', 'resumeSession'):
            self._callbacks_on.add(name)
            self._enable_callbacks(self._context)
            for _pattern, ctx in self._sni_contexts:
                self._enable_callbacks(ctx)
        super()._listener_added(name)

    def _enable_callbacks(self, context):
        if 'ALPNCallback' in self._callbacks_on:
            _openssl.enable_alpn_callback(context)
        if 'keylog' in self._callbacks_on:
            _openssl.enable_keylog(context)
        if self._callbacks_on & {'newSession', 'resumeSession'}:
            _openssl.enable_sessions(context, resume='resumeSession' in self._callbacks_on)

    def add_context(self, hostname: str, context: SecureContext | ssl.SSLContext | Options) -> None:
        """Node's ``server.addContext(hostname, context)``: a certificate per SNI name.

        *hostname* may start with ``*.``; *context* is a SecureContext, an
        ssl.SSLContext or an options dict (key, cert, ...).
        """
        ctx = as_ssl_context(context)
        if self._alpn:
            ctx.set_alpn_protocols(self._alpn)
        self._enable_callbacks(ctx)
        if self._ticket_keys is not None:
            _openssl.set_ticket_keys(ctx, self._ticket_keys)
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
        if self._callbacks_on:
            sock._own()
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
                error = verify_result(tls)
                sock._authorized = error is None
                sock._authorization_error = error.code if error is not None else None
                if error is not None and self._reject_unauthorized:
                    # Node's onServerSocketSecure destroys the socket; the server
                    # reports it as a hang-up.
                    sock.destroy()
                    self.emit('tlsClientError', conn_reset(True), sock)
                    return
            else:
                sock._authorization_error = 'UNABLE_TO_GET_ISSUER_CERT'
        sock._became_secure()
        self.emit('secureConnection', sock)
        sock.emit('secure')  # Node: after the server's own 'secure' listener
        if sock._tickets_held:
            sock._defer(sock._flush_held_tickets)  # after the listener's first tasks


_NET_KW = {'allow_half_open', 'pause_on_connect', 'no_delay', 'keep_alive',
           'keep_alive_initial_delay', 'high_water_mark', 'proxy_protocol'}


def create_server(options: Options | Listener | None = None,
                  secure_connection_listener: Listener | None = None, **kw: Any) -> Server:
    """Node's ``tls.createServer([options][, secureConnectionListener])``."""
    return Server(options, secure_connection_listener, **kw)

