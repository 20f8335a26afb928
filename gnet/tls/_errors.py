"""Node's TLS error codes for what Python's ``ssl`` raises.

One concept: turning an ``ssl.SSLError`` (or a certificate check, or a
handshake that never finished) into the error Node's ``tls`` module would
emit, with Node's ``code`` and message. Kept apart from :mod:`gnet.errors`
only because the TLS work landed separately; every name here could move
there unchanged.

* Certificate verification failures carry OpenSSL's ``X509_V_ERR_*`` name
  without the prefix as ``code`` (Node: ``err.code ===
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE'``) and OpenSSL's verify text as message.
* Other OpenSSL errors get ``ERR_SSL_<REASON>`` (Node:
  ``ERR_SSL_WRONG_VERSION_NUMBER``), with ``library`` and ``reason``.
* A peer that hangs up before the handshake finished gives ``ECONNRESET``
  with Node's two messages (server side: ``socket hang up``).
"""

import json
import re
import ssl

from gnet.errors import NodeError

__all__ = [
    'TLSError', 'ERR_TLS_HANDSHAKE_TIMEOUT', 'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_TLS_SNI_FROM_SERVER', 'ERR_TLS_INVALID_PROTOCOL_VERSION', 'ERR_TLS_PFX_UNSUPPORTED',
    'ERR_TLS_OPTION_UNSUPPORTED', 'ERR_TLS_FEATURE_UNAVAILABLE', 'ERR_TLS_DH_PARAM_SIZE',
    'ERR_TLS_INVALID_CONTEXT', 'ERR_TLS_INVALID_STATE', 'ERR_TLS_INVALID_SESSION', 'ssl_error',
    'VERIFY_CODES', 'verify_error', 'from_ssl_error', 'conn_reset',
]

#: OpenSSL's X509_V_ERR_* numbers → Node's codes (the name without prefix).
VERIFY_CODES = {
    2: 'UNABLE_TO_GET_ISSUER_CERT', 3: 'UNABLE_TO_GET_CRL',
    4: 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 5: 'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
    6: 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 7: 'CERT_SIGNATURE_FAILURE',
    8: 'CRL_SIGNATURE_FAILURE', 9: 'CERT_NOT_YET_VALID', 10: 'CERT_HAS_EXPIRED',
    11: 'CRL_NOT_YET_VALID', 12: 'CRL_HAS_EXPIRED', 13: 'ERROR_IN_CERT_NOT_BEFORE_FIELD',
    14: 'ERROR_IN_CERT_NOT_AFTER_FIELD', 17: 'OUT_OF_MEM',
    18: 'DEPTH_ZERO_SELF_SIGNED_CERT', 19: 'SELF_SIGNED_CERT_IN_CHAIN',
    20: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 21: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    22: 'CERT_CHAIN_TOO_LONG', 23: 'CERT_REVOKED', 24: 'INVALID_CA',
    25: 'PATH_LENGTH_EXCEEDED', 26: 'INVALID_PURPOSE', 27: 'CERT_UNTRUSTED',
    28: 'CERT_REJECTED', 62: 'HOSTNAME_MISMATCH', 63: 'EMAIL_MISMATCH',
    64: 'IP_ADDRESS_MISMATCH',
}

#: OpenSSL's verify texts for the codes gnet itself detects (no OpenSSL call).
VERIFY_MESSAGES = {
    'DEPTH_ZERO_SELF_SIGNED_CERT': 'self-signed certificate',
    'SELF_SIGNED_CERT_IN_CHAIN': 'self-signed certificate in certificate chain',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE': 'unable to verify the first certificate',
    'CERT_HAS_EXPIRED': 'certificate has expired',
    'CERT_NOT_YET_VALID': 'certificate is not yet valid',
    'CERT_SIGNATURE_FAILURE': 'certificate signature failure',
}


class TLSError(NodeError, OSError):
    """An error from the TLS layer; ``code`` is Node's code.

    Also an ``OSError``, as ``ssl.SSLError`` is, so ``except OSError`` in
    blocking-style code keeps catching it. ``library`` and ``reason`` are
    OpenSSL's, where known; ``__cause__`` is the original ``ssl`` exception.
    """

    def __init__(self, code: str, message: str, library: str | None = None,
                 reason: str | None = None) -> None:
        NodeError.__init__(self, message)
        self.code = code
        self.library = library
        self.reason = reason

    def __str__(self):
        return self.message


class ERR_TLS_HANDSHAKE_TIMEOUT(TLSError):
    def __init__(self):
        super().__init__('ERR_TLS_HANDSHAKE_TIMEOUT', 'TLS handshake timeout')


class ERR_TLS_CERT_ALTNAME_INVALID(TLSError):
    """Node's checkServerIdentity failure; ``reason``, ``host``, ``cert`` as Node."""

    def __init__(self, reason, host, cert):
        super().__init__('ERR_TLS_CERT_ALTNAME_INVALID',
                         "Hostname/IP does not match certificate's altnames: " + reason,
                         reason=reason)
        self.host = host
        self.cert = cert


class ERR_TLS_SNI_FROM_SERVER(TLSError, TypeError):
    def __init__(self):
        super().__init__('ERR_TLS_SNI_FROM_SERVER',
                         'Cannot issue SNI from a TLS server-side socket')


class ERR_TLS_INVALID_PROTOCOL_VERSION(TLSError, TypeError):
    def __init__(self, version, which):
        super().__init__('ERR_TLS_INVALID_PROTOCOL_VERSION',  # Node formats it with %j
                         '%s is not a valid %s TLS protocol version'
                         % (json.dumps(version), which))


class ERR_TLS_PFX_UNSUPPORTED(TLSError, TypeError):
    def __init__(self, detail):
        super().__init__('ERR_TLS_PFX_UNSUPPORTED',
                         "'pfx' needs the 'cryptography' package here: " + detail)


class ERR_TLS_OPTION_UNSUPPORTED(TLSError, TypeError):
    """An option Node honours that gnet refuses rather than ignore (gnet's own code).

    ``option`` is the option's (or event's) name; the message says why.
    Raised synchronously by create_server/connect/createSecureContext
    (or by ``on()`` for an event), never emitted.
    """

    def __init__(self, name, why):
        super().__init__('ERR_TLS_OPTION_UNSUPPORTED',
                         "The TLS option '%s' is not supported by gnet: %s" % (name, why))
        self.option = name


class ERR_TLS_FEATURE_UNAVAILABLE(TLSError):
    """A feature that needs gnet's libssl bridge, which this Python cannot use."""

    def __init__(self, feature):
        super().__init__('ERR_TLS_FEATURE_UNAVAILABLE',
                         "'%s' needs direct access to the libssl of Python's ssl module, "
                         'which is not available here (see gnet.tls._openssl)' % feature)


class ERR_TLS_DH_PARAM_SIZE(TLSError):
    """Node: the server's DH key is smaller than the client's minDHSize
    (Node's message says 2048 whatever minDHSize is)."""

    def __init__(self, size):
        super().__init__('ERR_TLS_DH_PARAM_SIZE', 'DH parameter size %s is less than 2048'
                         % size)


class ERR_TLS_INVALID_CONTEXT(TLSError, TypeError):
    def __init__(self, name):
        super().__init__('ERR_TLS_INVALID_CONTEXT', '%s must be a SecureContext' % name)


class ERR_TLS_INVALID_SESSION(TLSError, TypeError):
    """Node's ``session`` option check: its code and text (not the usual wording)."""

    def __init__(self):
        super().__init__('ERR_INVALID_ARG_TYPE', 'Session must be a buffer')


class ERR_TLS_INVALID_STATE(TLSError):
    def __init__(self):
        super().__init__('ERR_TLS_INVALID_STATE',
                         'TLS socket connection must be securely established')


def ssl_error(message, reason=None):
    """Node's plain ``Error`` from OpenSSL while building a context (no code),
    e.g. ``Failed to set ECDH curve``."""
    return TLSError(None, message, 'SSL routines', reason)


def verify_error(code, message=None):
    """A certificate verification failure with Node's code (``CERT_HAS_EXPIRED``)."""
    return TLSError(code, message or VERIFY_MESSAGES.get(code, code.lower().replace('_', ' ')))


def from_ssl_error(exc):
    """Node's error for an ``ssl.SSLError`` raised by the handshake or a read."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = VERIFY_CODES.get(exc.verify_code, 'CERT_VERIFY_FAILED_%s' % exc.verify_code)
        err = verify_error(code, exc.verify_message)
    else:
        reason = exc.reason or _reason_from_text(exc)
        text = reason.lower().replace('_', ' ')
        library = 'SSL routines' if exc.library in (None, 'SSL') else exc.library
        err = TLSError('ERR_SSL_' + reason, '%s::%s' % (library, text), library, text)
    err.__cause__ = exc
    return err


def _reason_from_text(exc):
    """OpenSSL's reason when Python's table lacks it: '[SSL] tlsv1 alert no
    application protocol (_ssl.c:1006)' → 'TLSV1_ALERT_NO_APPLICATION_PROTOCOL'."""
    match = _TEXT.match(str(exc.args[1]) if len(exc.args) > 1 else '')
    return match.group(1).upper().replace(' ', '_') if match else 'UNKNOWN'


_TEXT = re.compile(r'\[[^\]]*\] ([a-z0-9 ]+?) \(')


def conn_reset(server_side):
    """The peer hung up before the handshake finished (Node's ECONNRESET)."""
    if server_side:
        err = TLSError('ECONNRESET', 'socket hang up')
    else:
        err = TLSError('ECONNRESET', 'Client network socket disconnected before secure '
                                     'TLS connection was established')
    return err
