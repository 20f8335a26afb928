"""Node's TLSSocket surface beyond the byte stream: sessions, keylog, keying material.

One concept: the methods and callbacks of a connected ``tls.TLSSocket``
that read the TLS state rather than move bytes — ``get_peer_certificate``
(with the detailed chain), ``get_cipher`` (with the IANA name),
``get_session``/``is_session_reused``, ``export_keying_material``,
``get_finished``/``get_peer_finished``, and the 'keylog' and 'session'
events. :class:`TLSFeatures` is a mixin of :class:`gnet.tls.TLSSocket`;
it needs ``self._tls`` (the ``ssl.SSLObject``) and ``self._secure``.

Callbacks from OpenSSL (keylog lines, new sessions) arrive inside
``do_handshake()``/``read()`` through :mod:`gnet.tls._openssl`; no user
code runs there: keylog lines wait in a list that the handshake driver
emits after each step (so before 'secureConnect', in Node's order), and
'session' is emitted from the loop (Node emits it after the handshake,
once per ticket).
"""

from typing import Any

from gnet import errors
from gnet.tls import _openssl
from gnet.tls._cert import certificate_chain, peer_certificate
from gnet.tls._errors import ERR_TLS_INVALID_STATE, TLSError

__all__ = ['TLSFeatures', 'CAMEL']


class _InvalidALPNResult(TLSError, TypeError):
    """Node's ERR_TLS_ALPN_CALLBACK_INVALID_RESULT is a TypeError."""


def _ignore(*args):
    """Node's newSession callback: gnet has already stored nothing to wait for."""

#: camelCase aliases of the mixin's methods (merged into TLSSocket's table).
CAMEL = {
    'getPeerCertificate': 'get_peer_certificate', 'getCipher': 'get_cipher',
    'getSession': 'get_session', 'isSessionReused': 'is_session_reused',
    'exportKeyingMaterial': 'export_keying_material', 'getFinished': 'get_finished',
    'getPeerFinished': 'get_peer_finished',
}


class TLSFeatures:
    """Node's TLSSocket state methods; a mixin (see the module docstring)."""

    _pending_emits = None    # [(emitter, name, args)] from OpenSSL during the current step
    _callback_exc = None     # an exception a callback could not raise into OpenSSL
    _owned = False           # registered with the bridge (callbacks reach us)
    _hang_up = False         # a failed handshake closes without OpenSSL's alert

    # --- certificates and the negotiated parameters -------------------------------

    def get_peer_certificate(self, detailed: bool = False) -> dict[str, Any] | None:
        """Node's certificate dict of the peer; {} without one, None once destroyed.

        *detailed* (Node's ``getPeerCertificate(true)``): each dict has
        'issuerCertificate', up to a self-signed root that is its own issuer.
        """
        if self.destroyed:
            return None
        if self._tls is None or not self._secure:
            return {}
        der = self._tls.getpeercert(binary_form=True)
        if detailed and der and _openssl.AVAILABLE:
            chain = _openssl.peer_chain(self._tls)
            if not chain or chain[0] != der:   # a server's chain lacks the client's leaf
                chain = [der] + [c for c in chain if c != der]
            return certificate_chain(chain, self._tls.context.get_ca_certs(binary_form=True))
        return peer_certificate(der)

    def get_cipher(self) -> dict[str, str] | None:
        """``{'name', 'standardName', 'version'}``: OpenSSL's and the IANA name."""
        if not self._secure or self.destroyed:
            return None
        name, version, _bits = self._tls.cipher()
        standard = _openssl.cipher_standard_name(self._tls) or name
        return {'name': name, 'standardName': standard, 'version': version}

    # --- sessions ---------------------------------------------------------------------

    def get_session(self) -> bytes | None:
        """The TLS session as bytes (DER), for ``connect({'session': ...})``; None if none."""
        if self._tls is None or not self._secure or self.destroyed:
            return None
        return _openssl.session_bytes(self._tls)

    def is_session_reused(self) -> bool:
        """True when the handshake resumed an earlier session."""
        return bool(self._tls is not None and self._tls.session_reused)

    def _on_new_session(self, session_id, der):
        """OpenSSL made a session: 'session' on the client, 'newSession' on the server.

        Called inside OpenSSL. The client's emit is a loop callback (Node:
        after the handshake, once per TLS 1.3 ticket); the server's
        ``newSession(id, data, callback)`` follows the handshake step.
        """
        if not der:
            return
        if not self._server_side:
            self._defer(self._emit_session, der)
        elif self.server is not None:
            self._queue_emit(self.server, 'newSession', (session_id, der, _ignore))

    def _on_resume_session(self, session_id):
        """The server's session-ID lookup, inside OpenSSL: Node's 'resumeSession'.

        Listeners get ``(id, callback)`` and must call ``callback(err, data)``
        before returning (gnet cannot pause OpenSSL here); *data* (bytes) is
        the session to resume, None for a full handshake.
        """
        found = []
        self.server.emit('resumeSession', session_id,
                         lambda err=None, data=None: found.append(data))
        return found[0] if found else None

    def _emit_session(self, der):
        if not self.destroyed:
            self.emit('session', der)

    def _on_alpn(self, protocols):
        """The server's ALPNCallback({'servername', 'protocols'}), inside OpenSSL.

        Node 20's rules (20.18, the oracle): None fails the handshake with
        OpenSSL's no_application_protocol, a name the client did not offer
        with ERR_TLS_ALPN_CALLBACK_INVALID_RESULT ('tlsClientError' either
        way); the client only sees the connection drop (no alert leaves).
        """
        chosen = self.server._alpn_callback({'servername': self._servername,
                                             'protocols': protocols})
        if chosen is None:
            self._hang_up = True
        elif chosen not in protocols:
            self._sni_error = _InvalidALPNResult(
                'ERR_TLS_ALPN_CALLBACK_INVALID_RESULT',
                "ALPN callback returned a value (%s) that did not match any of the "
                "client's offered protocols (%s)" % (chosen, ', '.join(protocols)))
            self._hang_up = True
        return chosen

    # --- keylog --------------------------------------------------------------------

    def _on_keylog(self, line):
        """One NSS key-log line (bytes ending in a newline), inside OpenSSL:
        'keylog'(line) on a client, the server's 'keylog'(line, socket)."""
        if self._server_side:
            if self.server is not None:
                self._queue_emit(self.server, 'keylog', (line, self))
        else:
            self._queue_emit(self, 'keylog', (line,))

    def _queue_emit(self, emitter, name, args):
        if self._pending_emits is None:
            self._pending_emits = []
        self._pending_emits.append((emitter, name, args))

    def _callback_error(self, exc):
        if self._callback_exc is None:
            self._callback_exc = exc

    def _after_handshake_step(self):
        """After each do_handshake() call: the queued emits; raise a callback's error."""
        pending, self._pending_emits = self._pending_emits, None
        for emitter, name, args in pending or ():
            emitter.emit(name, *args)
        exc, self._callback_exc = self._callback_exc, None
        if exc is not None:
            raise exc

    def _own(self):
        """Let OpenSSL's callbacks on this connection reach this socket."""
        if not self._owned and self._tls is not None:
            self._owned = True
            _openssl.register(self._tls, self)

    def _disown(self):
        if self._owned:
            self._owned = False
            _openssl.unregister(self._tls)

    def _enable_client_callbacks(self, name):
        """Node enables a client's keylog/session callbacks with the first listener."""
        if self._tls is None or self._server_side or not _openssl.AVAILABLE:
            return
        if name == 'keylog':
            _openssl.enable_keylog(self._tls.context)
        elif name == 'session':
            _openssl.enable_sessions(self._tls.context, client=True)
        else:
            return
        self._own()

    # --- channel binding ------------------------------------------------------------

    def export_keying_material(self, length: int, label: str,
                               context: bytes | bytearray | memoryview | None = None) -> bytes:
        """RFC 5705 keying material: *length* bytes for *label* (str) and *context*.

        Node's checks: length an integer 1..2**32-1, label a string, context
        a buffer; before the handshake (or once destroyed) ERR_TLS_INVALID_STATE.
        """
        if isinstance(length, bool) or not isinstance(length, (int, float)):
            raise errors.ERR_INVALID_ARG_TYPE('length', 'number', length)
        if length != int(length):
            raise errors.ERR_OUT_OF_RANGE('length', 'an integer', length)
        if not 1 <= length <= 4294967295:
            raise errors.ERR_OUT_OF_RANGE('length', '>= 1 && <= 4294967295', length)
        if not isinstance(label, str):
            raise errors.ERR_INVALID_ARG_TYPE('label', 'string', label)
        if context is not None and not isinstance(context, (bytes, bytearray, memoryview)):
            raise errors.ERR_INVALID_ARG_TYPE(
                'context', 'an instance of Buffer, TypedArray, or DataView', context)
        if not self._secure or self._tls is None or self.destroyed:
            raise ERR_TLS_INVALID_STATE()
        return _openssl.export_keying_material(self._tls, int(length), label.encode(),
                                               context)

    def get_finished(self) -> bytes | None:
        """Our latest Finished message (bytes), None before the handshake or once destroyed."""
        if self._tls is None or self.destroyed:
            return None
        return _openssl.finished(self._tls)

    def get_peer_finished(self) -> bytes | None:
        """The peer's latest Finished message (bytes), None before the handshake."""
        if self._tls is None or self.destroyed:
            return None
        return _openssl.peer_finished(self._tls)
