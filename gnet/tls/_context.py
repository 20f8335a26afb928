"""Node's TLS options → an ``ssl.SSLContext``.

One concept: ``tls.createSecureContext``-style option handling — key,
cert, ca, passphrase, pfx, ciphers, minVersion/maxVersion, ALPNProtocols,
requestCert/rejectUnauthorized — for the server and the client side. No
I/O on sockets here; :mod:`gnet.tls` does that.

Node takes PEM *data* (str or bytes, or a list of them) where Python's
``load_cert_chain`` takes file names; PEM data is written to a private
temporary file (mode 0600) just long enough to load it. As a Python
convenience a str that is not PEM but names an existing file is read as
a path (``certfile``/``keyfile`` are accepted too).
"""

import os
import ssl
import tempfile

from gnet import errors
from gnet.tls._errors import ERR_TLS_INVALID_PROTOCOL_VERSION, ERR_TLS_PFX_UNSUPPORTED

__all__ = ['SecureContext', 'create_secure_context', 'server_context', 'client_context',
           'option', 'alpn_list', 'as_ssl_context']

_VERSIONS = {
    'TLSv1': ssl.TLSVersion.TLSv1, 'TLSv1.1': ssl.TLSVersion.TLSv1_1,
    'TLSv1.2': ssl.TLSVersion.TLSv1_2, 'TLSv1.3': ssl.TLSVersion.TLSv1_3,
}


def option(options, *names, default=None):
    """The first of *names* present in *options* (Node's camelCase, then snake_case)."""
    for name in names:
        value = options.get(name)
        if value is not None:
            return value
    return default


class SecureContext:
    """Node's ``SecureContext``: ``.context`` is the ``ssl.SSLContext``."""

    def __init__(self, context):
        self.context = context

    def __repr__(self):
        return '<gnet.tls.SecureContext %r>' % (self.context,)


def as_ssl_context(value):
    """An ``ssl.SSLContext`` from a SecureContext, an SSLContext or an options dict."""
    if isinstance(value, ssl.SSLContext):
        return value
    if isinstance(value, SecureContext):
        return value.context
    if isinstance(value, dict):
        return server_context(value)
    raise errors.ERR_INVALID_ARG_TYPE('context', 'an instance of SecureContext', value)


def create_secure_context(options=None):
    """Node's ``tls.createSecureContext(options)``: a server-side SecureContext."""
    return SecureContext(server_context(options or {}))


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


def _common(context, options):
    """What servers and clients share: versions, ciphers, ALPN, own certificate."""
    _versions(context, options)
    ciphers = option(options, 'ciphers')
    if ciphers:
        # Python cannot choose TLS 1.3 suites; those names (TLS_*) are skipped.
        legacy = ':'.join(c for c in ciphers.split(':') if not c.startswith('TLS_'))
        if legacy:
            context.set_ciphers(legacy)
    if option(options, 'honorCipherOrder', 'honor_cipher_order'):
        context.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
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
    return bool(cas)


def server_context(options):
    """The server's context from Node's tls.createServer options."""
    ready = option(options, 'secureContext', 'context', 'ssl_context')
    if ready is not None:
        return as_ssl_context(ready)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    _common(context, options)
    if option(options, 'requestCert', 'request_cert'):
        # Node's rejectUnauthorized defaults to true. Python cannot ask for a
        # certificate without verifying it: with rejectUnauthorized false a
        # missing certificate is accepted, an untrusted one still fails.
        reject = option(options, 'rejectUnauthorized', 'reject_unauthorized', default=True)
        context.verify_mode = ssl.CERT_REQUIRED if reject else ssl.CERT_OPTIONAL
    return context


def client_context(options):
    """The client's context from tls.connect options; verification is gnet's.

    OpenSSL verifies the chain when rejectUnauthorized is true (the
    default); the host name is checked after the handshake by
    checkServerIdentity, as Node does, so the error is Node's.
    """
    ready = option(options, 'secureContext', 'context', 'ssl_context')
    if ready is not None:
        return as_ssl_context(ready)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    has_ca = _common(context, options)
    if option(options, 'rejectUnauthorized', 'reject_unauthorized', default=True):
        context.verify_mode = ssl.CERT_REQUIRED
        if not has_ca:
            context.load_default_certs()
    else:
        context.verify_mode = ssl.CERT_NONE
    return context
