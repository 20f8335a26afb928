"""Node's TLS options → an ``ssl.SSLContext``.

One concept: ``tls.createSecureContext``-style option handling — key,
cert, ca, crl, passphrase, pfx, ciphers (TLS 1.2 and 1.3; Node's default
list), honorCipherOrder, minVersion/maxVersion, secureProtocol,
secureOptions, ecdhCurve, sigalgs, dhparam, sessionTimeout, ticketKeys,
sessionIdContext, ALPNProtocols, requestCert/rejectUnauthorized — for the
server and the client side. What ``ssl`` lacks goes through
:mod:`gnet.tls._openssl`; what gnet does not do at all is refused by
:mod:`gnet.tls._options` first. No I/O on sockets here.

Node takes PEM *data* (str or bytes, or a list of them) where Python's
``load_cert_chain`` takes file names; PEM data is written to a private
temporary file (mode 0600) just long enough to load it. As a Python
convenience a str that is not PEM but names an existing file is read as
a path (``certfile``/``keyfile`` are accepted too).
"""

from __future__ import annotations

import hashlib
import os
import ssl
import sys
import tempfile
import warnings
from collections.abc import Mapping
from typing import Any

from gnet import errors
from gnet.tls import _openssl
from gnet.tls._errors import (ERR_TLS_INVALID_CONTEXT, ERR_TLS_INVALID_PROTOCOL_VERSION,
                              ERR_TLS_PFX_UNSUPPORTED, TLSError, ssl_error)
from gnet.tls._options import check_context_options, node_options, option

__all__ = ['SecureContext', 'create_secure_context', 'server_context', 'client_context',
           'option', 'alpn_list', 'as_ssl_context', 'build', 'DEFAULT_CIPHERS',
           'DEFAULT_ECDH_CURVE', 'DEFAULT_MIN_VERSION', 'DEFAULT_MAX_VERSION']

#: Node 20's tls.DEFAULT_CIPHERS (TLS 1.3 suites, then the TLS 1.2 list).
DEFAULT_CIPHERS = (
    'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:'
    'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:'
    'ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:'
    'DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:'
    'ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:'
    '!MD5:!PSK:!SRP:!CAMELLIA')
#: Node 20's tls.DEFAULT_ECDH_CURVE: OpenSSL's own group list.
DEFAULT_ECDH_CURVE = 'auto'
DEFAULT_MIN_VERSION = 'TLSv1.2'
DEFAULT_MAX_VERSION = 'TLSv1.3'

#: Node's secureProtocol method names → (minVersion, maxVersion).
_METHODS = {'TLS_method': (None, None), 'SSLv23_method': (None, None),
            'TLSv1_method': ('TLSv1', 'TLSv1'), 'TLSv1_1_method': ('TLSv1.1', 'TLSv1.1'),
            'TLSv1_2_method': ('TLSv1.2', 'TLSv1.2')}

_VERSIONS = {
    'TLSv1': ssl.TLSVersion.TLSv1, 'TLSv1.1': ssl.TLSVersion.TLSv1_1,
    'TLSv1.2': ssl.TLSVersion.TLSv1_2, 'TLSv1.3': ssl.TLSVersion.TLSv1_3,
}


class SecureContext:
    """Node's ``SecureContext``: the options, built for either side.

    ``.context`` is the server-side ``ssl.SSLContext`` (built at once, so
    a bad option raises at ``createSecureContext`` time as in Node);
    ``.client_context`` the client side, built on first use — Python's
    contexts are one-sided where OpenSSL's (and Node's) are not.
    """

    def __init__(self, options: Mapping[str, Any] | ssl.SSLContext | None = None) -> None:
        if isinstance(options, ssl.SSLContext):  # wrapping Python's own context
            self.options, self.context, self._client = {}, options, options
            return
        self.options = node_options(options)
        check_context_options(self.options)
        self.context = build(self.options, server_side=True)
        self._client = None

    @property
    def client_context(self) -> ssl.SSLContext:
        """The client-side ``ssl.SSLContext`` of the same options (made on first use)."""
        if self._client is None:
            self._client = build(self.options, server_side=False)
        return self._client

    def __repr__(self):
        return '<gnet.tls.SecureContext %r>' % (self.context,)


def as_ssl_context(value, server_side=True, name='context'):
    """An ``ssl.SSLContext`` from a SecureContext or an SSLContext (or, for
    ``addContext``'s *context*, an options dict, as Node takes).

    Anything else raises Node's ERR_TLS_INVALID_CONTEXT (``<name> must be a
    SecureContext``).
    """
    if isinstance(value, ssl.SSLContext):
        return value
    if isinstance(value, SecureContext):
        return value.context if server_side else value.client_context
    if isinstance(value, dict) and name != 'secureContext':  # addContext's options
        return SecureContext(value).context if server_side \
            else SecureContext(value).client_context
    raise ERR_TLS_INVALID_CONTEXT('context')  # Node's text for either name


def create_secure_context(options: Mapping[str, Any] | None = None) -> SecureContext:
    """Node's ``tls.createSecureContext(options)``: usable by servers and clients."""
    return SecureContext(options)


def _pem_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None]
    return [value]


def _as_text(value, name):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode('ascii')
    if isinstance(value, str):
        return value
    raise errors.ERR_INVALID_ARG_TYPE('options.' + name, 'string or an instance of Buffer',
                                      value)


def _pem_or_file(value, name):
    """PEM text from Node-style data, or (Python convenience) from a file name."""
    text = _as_text(value, name)
    if '-----BEGIN' in text:
        return text
    if os.path.exists(text):
        with open(text, encoding='ascii') as f:
            return f.read()
    raise errors.ERR_INVALID_ARG_VALUE('options.' + name, value, 'is not PEM data')


def _load_chain(context, cert_pem, key_pem, passphrase):
    """load_cert_chain() from PEM text, through a private temporary file."""
    fd, path = tempfile.mkstemp(prefix='gnet-tls-', suffix='.pem')
    try:
        with os.fdopen(fd, 'w', encoding='ascii') as f:
            f.write(key_pem)
            if not key_pem.endswith('\n'):
                f.write('\n')
            f.write(cert_pem)
        context.load_cert_chain(path, password=passphrase)
    finally:
        os.unlink(path)


def _load_pfx(context, pfx, passphrase):
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12
    except ImportError as exc:  # pragma: no cover - cryptography is there in tests
        raise ERR_TLS_PFX_UNSUPPORTED(str(exc)) from None
    if isinstance(pfx, str) and os.path.exists(pfx):
        with open(pfx, 'rb') as f:
            pfx = f.read()
    password = passphrase.encode() if isinstance(passphrase, str) else passphrase
    key, cert, extra = pkcs12.load_key_and_certificates(bytes(pfx), password)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    chain = ''.join(c.public_bytes(serialization.Encoding.PEM).decode()
                    for c in [cert] + list(extra or ()))
    _load_chain(context, chain, key_pem, None)


def _versions(context, options):
    protocol = option(options, 'secureProtocol', 'secure_protocol')
    if protocol is not None:
        base = protocol.replace('_server_method', '_method').replace('_client_method', '_method')
        if base not in _METHODS:
            raise TLSError('ERR_TLS_INVALID_PROTOCOL_METHOD',
                           'Unknown method: %s' % protocol)
        low, high = _METHODS[base]
        options = dict(options, minVersion=low, maxVersion=high)
    for key, attr in (('minVersion', 'minimum_version'), ('maxVersion', 'maximum_version')):
        value = option(options, key, key[:3] + '_version')
        if value is None:
            continue
        version = _VERSIONS.get(value)
        if version is None:
            raise ERR_TLS_INVALID_PROTOCOL_VERSION(
                value, 'minimum' if key == 'minVersion' else 'maximum')
        setattr(context, attr, version)


def alpn_list(value):
    """Node's ALPNProtocols (list of str/bytes, or one wire-format buffer) → list of str."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        data, names, i = bytes(value), [], 0
        while i < len(data):  # Node also takes the wire format: <len><name>...
            size = data[i]
            names.append(data[i + 1:i + 1 + size].decode())
            i += 1 + size
        return names
    return [v.decode() if isinstance(v, (bytes, bytearray)) else str(v) for v in value]


def _no_cipher_match():
    return TLSError('ERR_SSL_NO_CIPHER_MATCH', 'error:0A0000B9:SSL routines::no cipher match',
                    'SSL routines', 'no cipher match')


def _ciphers(context, options):
    """Node's processCiphers: TLS_* names are TLS 1.3 suites, the rest OpenSSL's list."""
    given = option(options, 'ciphers')
    names = [c for c in (given or DEFAULT_CIPHERS).split(':') if c]
    suites = ':'.join(c for c in names if c.startswith('TLS_'))
    legacy = ':'.join(c for c in names if not c.startswith('TLS_'))
    if given is None and not _openssl.AVAILABLE:
        pass  # Node's default suites are OpenSSL's: nothing to set
    elif suites and not _openssl.set_ciphersuites(context, suites):
        raise _no_cipher_match()
    if legacy:
        try:
            context.set_ciphers(legacy)
        except ssl.SSLError:
            raise _no_cipher_match() from None
    if not suites and context.maximum_version != ssl.TLSVersion.TLSv1_2 \
            and context.minimum_version < ssl.TLSVersion.TLSv1_3:
        context.maximum_version = ssl.TLSVersion.TLSv1_2   # Node: no 1.3 suite, no 1.3
    if not legacy:
        context.minimum_version = ssl.TLSVersion.TLSv1_3   # Node: only 1.3 suites
    if option(options, 'honorCipherOrder', 'honor_cipher_order'):
        context.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    else:  # Python sets it by default; Node does not
        context.options &= ~ssl.OP_CIPHER_SERVER_PREFERENCE


def _pem_file(text, write):
    """Run *write(path)* with *text* in a private temporary file (mode 0600)."""
    fd, path = tempfile.mkstemp(prefix='gnet-tls-', suffix='.pem')
    try:
        with os.fdopen(fd, 'w', encoding='ascii') as f:
            f.write(text)
        return write(path)
    finally:
        os.unlink(path)


def _crl(context, options):
    """Node's crl: PEM CRLs join the store; every certificate of the chain is checked."""
    crls = _pem_list(option(options, 'crl'))
    for crl in crls:
        text = _as_text(crl, 'crl')
        if '-----BEGIN X509 CRL-----' not in text:
            raise TLSError('ERR_CRYPTO_OPERATION_FAILED', 'Failed to parse CRL')
        try:
            _pem_file(text, lambda path: context.load_verify_locations(cafile=path))
        except ssl.SSLError:
            raise TLSError('ERR_CRYPTO_OPERATION_FAILED', 'Failed to parse CRL') from None
    if crls:
        context.verify_flags |= ssl.VERIFY_CRL_CHECK_CHAIN


def _dhparam(context, options):
    """Node's dhparam: PEM DH parameters, or 'auto' (OpenSSL picks by key size)."""
    dh = option(options, 'dhparam')
    if dh is None:
        return
    text = _as_text(dh, 'dhparam')
    if text == 'auto':
        _openssl.set_dh_auto(context)
    elif '-----BEGIN DH PARAMETERS-----' in text:
        try:
            _pem_file(text, context.load_dh_params)
        except ssl.SSLError as exc:
            raise ssl_error('Failed to load DH parameters: %s' % exc.reason) from None
    else:
        raise errors.ERR_INVALID_ARG_VALUE('options.dhparam', dh,
                                           "is not PEM DH parameters or 'auto'")


def _openssl_options(context, options, server_side):
    """The options only libssl's own calls can set (through gnet.tls._openssl)."""
    curve = option(options, 'ecdhCurve', 'ecdh_curve')
    if curve is not None and curve != 'auto' and not _openssl.set_groups(context, curve):
        raise TLSError('ERR_CRYPTO_OPERATION_FAILED', 'Failed to set ECDH curve')
    sigalgs = option(options, 'sigalgs')
    if sigalgs is not None and not _openssl.set_sigalgs(context, sigalgs):
        raise TLSError(None, 'error:00000000:lib(0)::reason(0)')  # Node 20's text
    secure = option(options, 'secureOptions', 'secure_options')
    if secure:
        with warnings.catch_warnings():  # ssl deprecates OP_NO_TLS*; Node's option is fine
            warnings.simplefilter('ignore', DeprecationWarning)
            context.options |= secure
    timeout = option(options, 'sessionTimeout', 'session_timeout')
    if timeout is not None:
        _openssl.set_session_timeout(context, timeout)
    keys = option(options, 'ticketKeys', 'ticket_keys')
    if keys is not None:
        _openssl.set_ticket_keys(context, keys)
    sid = option(options, 'sessionIdContext', 'session_id_context')
    if sid is not None and not _openssl.set_session_id_context(context, sid.encode()):
        raise TLSError(None, 'error:0A000111:SSL routines::ssl session id context too long')
    if server_side:
        _dhparam(context, options)


def _common(context, options, server_side):
    """What servers and clients share: versions, ciphers, own certificate, CAs, CRLs."""
    _versions(context, options)
    _ciphers(context, options)
    protocols = alpn_list(option(options, 'ALPNProtocols', 'alpnProtocols', 'alpn_protocols'))
    if protocols:
        context.set_alpn_protocols(protocols)
    passphrase = option(options, 'passphrase')
    pfx = option(options, 'pfx')
    if pfx is not None:
        _load_pfx(context, pfx, passphrase)
    keys = _pem_list(option(options, 'key', 'keyfile'))
    certs = _pem_list(option(options, 'cert', 'certfile'))
    if certs and not keys:
        # cert and key in one PEM (Python habit), or a key inside the cert file
        keys = certs
    for cert, key in zip(certs, keys):
        if isinstance(key, dict):  # Node: key: [{pem, passphrase}]
            key, passphrase = key.get('pem'), key.get('passphrase', passphrase)
        _load_chain(context, _pem_or_file(cert, 'cert'), _pem_or_file(key, 'key'), passphrase)
    cas = _pem_list(option(options, 'ca', 'cafile'))
    for ca in cas:
        context.load_verify_locations(cadata=_pem_or_file(ca, 'ca'))
    if not cas and (not server_side or option(options, 'requestCert', 'request_cert')):
        # Node: tls.rootCertificates when no ca is given — where a peer is verified
        # only: on a server it would cost a certificate-directory lookup per
        # handshake (OpenSSL builds the server's chain from the store each time).
        context.load_default_certs()
    _crl(context, options)
    _openssl_options(context, options, server_side)


def build(options, server_side):
    """A fresh ``ssl.SSLContext`` for one side from Node's context options.

    The peer's certificate: a client always asks for it (and fails the
    handshake without one); a server only with requestCert. Whether a bad
    one ends the connection is decided by the socket after the handshake
    (Node's rejectUnauthorized): OpenSSL verifies, the bridge's callback
    lets the handshake finish, and the socket reads the verify result.
    Without the bridge, OpenSSL decides (CERT_REQUIRED), or nothing is
    verified (CERT_NONE) and gnet's own small check reports.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server_side
                             else ssl.PROTOCOL_TLS_CLIENT)
    if not server_side:
        context.check_hostname = False  # checkServerIdentity runs after the handshake
    _common(context, options, server_side)
    return context


def _verification(context, request, reject, require):
    """requestCert/rejectUnauthorized on a context (see :func:`build`).

    *reject* only matters without the bridge; with it the socket judges
    OpenSSL's result after the handshake.
    """
    if not request:
        context.verify_mode = ssl.CERT_NONE
    elif _openssl.AVAILABLE:
        context.verify_mode = ssl.CERT_OPTIONAL
        _openssl.accept_any_certificate(context, require)
    else:
        context.verify_mode = (ssl.CERT_REQUIRED if reject and require else
                               ssl.CERT_OPTIONAL if reject else ssl.CERT_NONE)


def server_context(options):
    """The server's context from Node's tls.createServer options."""
    ready = option(options, 'secureContext', 'context', 'ssl_context')
    if isinstance(ready, ssl.SSLContext):
        return ready  # Python's own context: used as it is
    if ready is not None:
        context = as_ssl_context(ready, True, 'secureContext')
    else:
        check_context_options(options)
        context = build(options, server_side=True)
    reject = option(options, 'rejectUnauthorized', 'reject_unauthorized', default=True)
    # Node: a client without a certificate fails only when it must be authorized.
    _verification(context, bool(option(options, 'requestCert', 'request_cert')), reject, reject)
    if option(options, 'sessionIdContext', 'session_id_context') is None \
            and _openssl.AVAILABLE:
        # Node's default: a hash of the command line (sessions resume within one app)
        _openssl.set_session_id_context(
            context, hashlib.sha1(' '.join(sys.argv).encode()).hexdigest()[:32].encode())
    return context


def client_context(options):
    """The client's context from tls.connect options; verification is the socket's.

    The chain is verified by OpenSSL and judged after the handshake (the
    socket reads the result, as Node does); the host name is checked then
    too, by checkServerIdentity, so the errors are Node's.
    """
    ready = option(options, 'secureContext', 'context', 'ssl_context')
    if ready is not None:
        context = as_ssl_context(ready, False, 'secureContext')
    else:
        context = build(options, server_side=False)
    reject = option(options, 'rejectUnauthorized', 'reject_unauthorized', default=True)
    if not isinstance(ready, ssl.SSLContext):
        _verification(context, True, reject, True)
    return context
