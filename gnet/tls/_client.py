"""The client's side of a TLSSocket's handshake: Node's ``onConnectSecure``.

One concept: after TCP's 'connect' (or at once for an upgraded socket,
:mod:`gnet.tls.starttls`), the handshake runs as a driver task, then the
server is judged as Node judges it — OpenSSL's verdict on the chain, then
``checkServerIdentity`` on the name, then ``minDHSize`` — and only then
does the client's TLS 1.3 Finished leave, after the 'secureConnect'
listeners (Node's order: a client that rejects the server, or destroys
the socket in 'secureConnect', hangs up mid-handshake and the server sees
ECONNRESET). :class:`TLSClientHandshake` is a mixin of
:class:`gnet.tls.TLSSocket`.
"""

from gnet.tls import _openssl
from gnet.tls._cert import check_server_identity, verify_result
from gnet.tls._errors import ERR_TLS_DH_PARAM_SIZE
from gnet.tls._options import option

__all__ = ['TLSClientHandshake']


class TLSClientHandshake:
    """The client handshake driver task and the checks after it (a mixin)."""

    def _after_connect(self):
        """TCP is up ('connect', 'ready' emitted): the client handshake, as a task."""
        self._defer(self._client_handshake, self._tls_connect_options)

    def _client_handshake(self, options):
        """A driver task after 'connect': handshake, verify, then 'secureConnect'."""
        if self.destroyed or self._tls is None:
            return
        if not self._handshake_or_destroy():
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
        error = self._check_dh_size(options)
        if error is not None:
            self.destroy(error)
            return
        flight, self._final_flight = self._final_flight, None
        if flight:
            # Queued, not sent: it leaves (with what the listeners write, in
            # order) once they have run, as Node's EncOut does; a listener that
            # destroys the socket keeps it from leaving.
            self._enqueue(flight, None, len(flight))
        self._became_secure()
        self.emit('secureConnect')
        self.emit('secure')  # Node: 'secure' listeners run after secureConnect's

    _final_flight = None   # client, TLS 1.3: the Finished, held until the server is accepted

    def _check_dh_size(self, options):
        """Node's minDHSize (default 1024): a DHE server key smaller is an error."""
        if not _openssl.AVAILABLE:
            return None
        key = _openssl.peer_tmp_key(self._tls)
        minimum = option(options, 'minDHSize', 'min_dh_size', default=1024)
        if key is not None and _openssl.is_dh(key[0]) and key[1] < minimum:
            return ERR_TLS_DH_PARAM_SIZE(key[1])
        return None

    def _verify_server(self, options):
        """Node's onConnectSecure: OpenSSL's verdict on the chain, then the name."""
        error = verify_result(self._tls)
        if error is not None:
            return error
        hostname = option(options, 'servername') or options.get('host') or 'localhost'
        check = option(options, 'checkServerIdentity', 'check_server_identity',
                       default=check_server_identity)
        return check(hostname, self.get_peer_certificate())
