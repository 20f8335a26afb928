"""Node's TLS options: validated as Node validates them, or refused — never ignored.

One concept: before any context is built, every TLS option gnet does not
honour raises :class:`ERR_TLS_OPTION_UNSUPPORTED` (with why), and the
options it honours get Node's type and range checks with Node's error
classes and messages (``ERR_INVALID_ARG_TYPE``, ``ERR_OUT_OF_RANGE``,
``ERR_INVALID_ARG_VALUE``), at ``createSecureContext`` / ``createServer``
/ ``connect`` time, synchronously, as Node throws them.
"""

from gnet import errors
from gnet.tls._errors import ERR_TLS_INVALID_SESSION, ERR_TLS_OPTION_UNSUPPORTED, TLSError

__all__ = ['option', 'node_name', 'node_options', 'refuse_unsupported', 'check_context_options',
           'check_server_options', 'check_connect_options', 'REFUSED', 'REFUSED_EVENTS']


def option(options, *names, default=None):
    """The first of *names* present in *options* (Node's camelCase, then snake_case)."""
    for name in names:
        value = options.get(name)
        if value is not None:
            return value
    return default


#: Node options gnet refuses, with the reason; refused when present and truthy.
REFUSED = {
    'pskCallback': 'pre-shared keys need OpenSSL PSK callbacks that gnet does not provide',
    'pskIdentityHint': 'pre-shared keys need OpenSSL PSK callbacks that gnet does not provide',
    'requestOCSP': 'OCSP stapling is not implemented',
    'enableTrace': "OpenSSL's protocol trace (SSL_trace) is not available to gnet",
    'privateKeyEngine': 'OpenSSL engines are not supported',
    'privateKeyIdentifier': 'OpenSSL engines are not supported',
    'clientCertEngine': 'OpenSSL engines are not supported',
}

#: Events gnet refuses listeners for (``on()`` raises), with the reason.
REFUSED_EVENTS = {
    'OCSPRequest': 'OCSP stapling is not implemented',
    'OCSPResponse': 'OCSP stapling is not implemented',
}

#: snake_case option names whose Node spelling is not the plain camelCase.
_SPECIAL = {'alpn_protocols': 'ALPNProtocols', 'alpn_callback': 'ALPNCallback',
            'sni_callback': 'SNICallback', 'request_ocsp': 'requestOCSP',
            'min_dh_size': 'minDHSize'}


def node_name(name):
    """A Python option name → Node's (``secure_context`` → ``secureContext``)."""
    if '_' not in name:
        return name
    special = _SPECIAL.get(name)
    if special is not None:
        return special
    head, *rest = name.split('_')
    return head + ''.join(part.title() for part in rest)


def node_options(options):
    """A copy of *options* with Node's names (snake_case keys accepted too)."""
    return {node_name(key): value for key, value in (options or {}).items()}


class _TypeTLSError(TLSError, TypeError):
    """A TLSError Node throws as a TypeError."""


def refuse_unsupported(options):
    """Raise ERR_TLS_OPTION_UNSUPPORTED for the first refused option that is set."""
    for key, value in options.items():
        name = node_name(key)
        if name in REFUSED and value is not None and value is not False:
            raise ERR_TLS_OPTION_UNSUPPORTED(name, REFUSED[name])


def _string(options, name, label=None):
    value = options.get(name)
    if value is not None and not isinstance(value, str):
        raise errors.ERR_INVALID_ARG_TYPE(label or 'options.' + name, 'string', value)
    return value


def _buffer(value):
    return isinstance(value, (bytes, bytearray, memoryview))


def check_context_options(options):
    """createSecureContext's checks (Node 20's lib/internal/tls/secure-context.js)."""
    refuse_unsupported(options)
    for name in ('ciphers', 'ecdhCurve', 'sigalgs', 'sessionIdContext'):
        _string(options, name)
    timeout = options.get('sessionTimeout')
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
            raise errors.ERR_INVALID_ARG_TYPE('options.sessionTimeout', 'number', timeout)
        if timeout != int(timeout):
            raise errors.ERR_OUT_OF_RANGE('options.sessionTimeout', 'an integer', timeout)
        if not 0 <= timeout <= 2147483647:
            raise errors.ERR_OUT_OF_RANGE('options.sessionTimeout', '>= 0 && <= 2147483647',
                                          timeout)
    keys = options.get('ticketKeys')
    if keys is not None:
        if not _buffer(keys):
            raise errors.ERR_INVALID_ARG_TYPE('options.ticketKeys',
                                              'an instance of Buffer, TypedArray, or DataView',
                                              keys)
        if len(keys) != 48:
            raise errors.ERR_INVALID_ARG_VALUE('options.ticketKeys', len(keys),
                                               'must be exactly 48 bytes')
    secure = options.get('secureOptions')
    if secure is not None and (isinstance(secure, bool) or not isinstance(secure, int)):
        raise errors.ERR_INVALID_ARG_TYPE('secureOptions', 'number', secure)


def check_server_options(options):
    """tls.Server's own checks, then the context's."""
    refuse_unsupported(options)
    callback = options.get('ALPNCallback')
    if callback is not None:
        if not callable(callback):
            raise errors.ERR_INVALID_ARG_TYPE('options.ALPNCallback', 'function', callback)
        if options.get('ALPNProtocols') is not None:
            raise _TypeTLSError('ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS',
                           'The ALPNCallback and ALPNProtocols TLS options are mutually '
                           'exclusive')


def check_connect_options(options):
    """tls.connect's own checks (minDHSize, session, secureContext)."""
    refuse_unsupported(options)
    size = options.get('minDHSize')
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, (int, float)):
            raise errors.ERR_INVALID_ARG_TYPE('options.minDHSize', 'number', size)
        if size <= 0:
            raise errors.ERR_OUT_OF_RANGE('options.minDHSize', '> 0', size)
    session = options.get('session')
    if session is not None and not _buffer(session):
        raise ERR_TLS_INVALID_SESSION()
