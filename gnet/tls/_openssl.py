"""What Python's ``ssl`` does not expose, from the same libssl, on the same objects.

One concept: a thin ``ctypes`` bridge to the OpenSSL that CPython's
``_ssl`` module is linked against, called on the very ``SSL`` and
``SSL_CTX`` that an ``ssl.SSLObject`` / ``ssl.SSLContext`` wrap. It gives
gnet the parts of Node's ``tls`` that Python 3.11's ``ssl`` lacks —
keying material, Finished messages, session bytes, the keylog callback,
server session callbacks, ticket keys, TLS 1.3 suites, groups, sigalgs,
the peer's chain, the verify result of a handshake that accepted any
certificate (Node's requestCert without rejectUnauthorized) — while
the data path stays in ``_ssl``'s C code (see bench/TLS-ENGINE.md for
the measured choice against pyOpenSSL).

How the pointers are found: ``_ssl``'s objects start with
``PyObject_HEAD`` followed by the OpenSSL pointer (``PySSLContext.ctx``;
``PySSLSocket.Socket`` then ``.ssl``), as in CPython 3.11–3.13's
``Modules/_ssl.c`` (the suite runs on all three). The layout is checked once at import against OpenSSL
itself (``SSL_get_SSL_CTX(ssl)`` must be the context's ``SSL_CTX``, and
the library's version must be ``_ssl``'s); when the check fails, or
libssl cannot be loaded, :data:`AVAILABLE` is False and every feature
that needs the bridge raises
:class:`gnet.tls._errors.ERR_TLS_FEATURE_UNAVAILABLE` instead of doing
nothing.

Callbacks (keylog, sessions, verify) run inside ``do_handshake()`` in the
connection's own greenlet; they look the socket up in :data:`_OWNERS`
(``SSL*`` address → socket, filled by :func:`register`, emptied by
:func:`unregister`) and never raise into OpenSSL.
"""

import ctypes
import ctypes.util
import hashlib
import ssl
import sys

__all__ = ['AVAILABLE', 'register', 'unregister', 'export_keying_material', 'finished',
           'peer_finished', 'session_bytes', 'set_session', 'cipher_standard_name', 'peer_chain',
           'own_certificate', 'verify_result', 'verify_message', 'accept_any_certificate',
           'enable_keylog', 'set_session_timeout', 'set_session_id_context',
           'apply_session_id_context', 'set_ticket_keys', 'set_dh_auto', 'enable_alpn_callback',
           'set_groups', 'set_sigalgs', 'set_ciphersuites', 'peer_tmp_key', 'enable_sessions']

_p = ctypes.c_void_p
_PTR_OFFSET = object.__basicsize__          #: PyObject_HEAD: the first field after it
_SSL_OFFSET = _PTR_OFFSET + ctypes.sizeof(_p)  #: PySSLSocket: Socket (weakref), then ssl

#: OpenSSL's SSL_ctrl / SSL_CTX_ctrl command numbers (ssl.h, stable since 1.1).
_CTRL_SET_TLSEXT_TICKET_KEYS = 59
_CTRL_SET_SESS_CACHE_MODE = 44
_CTRL_SET_GROUPS_LIST = 92
_CTRL_SET_SIGALGS_LIST = 98
_CTRL_GET_PEER_TMP_KEY = 109
_CTRL_SET_DH_AUTO = 118
_SESS_CACHE_CLIENT = 1
_SESS_CACHE_SERVER = 2
_SESS_CACHE_NO_INTERNAL = 0x100 | 0x200
_VERIFY_PEER = 1
_VERIFY_FAIL_IF_NO_PEER_CERT = 2
_EVP_PKEY_DH = 28

_KEYLOG_CB = ctypes.CFUNCTYPE(None, _p, ctypes.c_char_p)
_VERIFY_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, _p)
_NEW_SESSION_CB = ctypes.CFUNCTYPE(ctypes.c_int, _p, _p)
_ALPN_CB = ctypes.CFUNCTYPE(ctypes.c_int, _p, ctypes.POINTER(ctypes.c_void_p),
                            ctypes.POINTER(ctypes.c_ubyte), ctypes.c_void_p, ctypes.c_uint, _p)
_TLSEXT_ERR_OK = 0
_TLSEXT_ERR_ALERT_FATAL = 2
_GET_SESSION_CB = ctypes.CFUNCTYPE(_p, _p, ctypes.POINTER(ctypes.c_ubyte), ctypes.c_int,
                                   ctypes.POINTER(ctypes.c_int))

#: SSL* address → the TLSSocket it belongs to (callbacks find their socket here).
_OWNERS = {}


def _load():
    """libssl as ``_ssl`` uses it (the same soname gives the same loaded copy)."""
    import _ssl
    # _ssl itself first: dlsym searches its dependencies (a shared libssl) and
    # finds a statically linked one inside it.
    for name in (_ssl.__file__, 'libssl.so.3', ctypes.util.find_library('ssl')):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            if lib.OpenSSL_version_num() == _ssl.OPENSSL_VERSION_NUMBER:
                return lib
        except AttributeError:
            continue
    return None


def _declare(lib):
    sig = {
        'SSL_get_SSL_CTX': (_p, [_p]), 'SSL_get_version': (ctypes.c_char_p, [_p]),
        'SSL_export_keying_material': (ctypes.c_int, [_p, ctypes.c_char_p, ctypes.c_size_t,
                                                      ctypes.c_char_p, ctypes.c_size_t,
                                                      ctypes.c_char_p, ctypes.c_size_t,
                                                      ctypes.c_int]),
        'SSL_get_finished': (ctypes.c_size_t, [_p, _p, ctypes.c_size_t]),
        'SSL_get_peer_finished': (ctypes.c_size_t, [_p, _p, ctypes.c_size_t]),
        'SSL_get_session': (_p, [_p]), 'SSL_set_session': (ctypes.c_int, [_p, _p]),
        'SSL_SESSION_free': (None, [_p]),
        'i2d_SSL_SESSION': (ctypes.c_int, [_p, ctypes.POINTER(ctypes.c_char_p)]),
        'd2i_SSL_SESSION': (_p, [_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_long]),
        'SSL_SESSION_get_id': (_p, [_p, ctypes.POINTER(ctypes.c_uint)]),
        'SSL_get_current_cipher': (_p, [_p]),
        'SSL_CIPHER_standard_name': (ctypes.c_char_p, [_p]),
        'SSL_get_peer_cert_chain': (_p, [_p]), 'SSL_get_certificate': (_p, [_p]),
        'OPENSSL_sk_num': (ctypes.c_int, [_p]),
        'OPENSSL_sk_value': (_p, [_p, ctypes.c_int]),
        'i2d_X509': (ctypes.c_int, [_p, ctypes.POINTER(ctypes.c_char_p)]),
        'SSL_get_verify_result': (ctypes.c_long, [_p]),
        'X509_verify_cert_error_string': (ctypes.c_char_p, [ctypes.c_long]),
        'SSL_CTX_set_verify': (None, [_p, ctypes.c_int, _VERIFY_CB]),
        'SSL_CTX_set_keylog_callback': (None, [_p, _KEYLOG_CB]),
        'SSL_CTX_sess_set_new_cb': (None, [_p, _NEW_SESSION_CB]),
        'SSL_CTX_set_alpn_select_cb': (None, [_p, _ALPN_CB, _p]),
        'SSL_CTX_sess_set_get_cb': (None, [_p, _GET_SESSION_CB]),
        'SSL_CTX_set_timeout': (ctypes.c_long, [_p, ctypes.c_long]),
        'SSL_CTX_set_session_id_context': (ctypes.c_int, [_p, ctypes.c_char_p, ctypes.c_uint]),
        'SSL_set_session_id_context': (ctypes.c_int, [_p, ctypes.c_char_p, ctypes.c_uint]),
        'SSL_CTX_set_ciphersuites': (ctypes.c_int, [_p, ctypes.c_char_p]),
        'SSL_CTX_ctrl': (ctypes.c_long, [_p, ctypes.c_int, ctypes.c_long, _p]),
        'SSL_ctrl': (ctypes.c_long, [_p, ctypes.c_int, ctypes.c_long, _p]),
        'EVP_PKEY_get_bits': (ctypes.c_int, [_p]), 'EVP_PKEY_get_base_id': (ctypes.c_int, [_p]),
        'EVP_PKEY_free': (None, [_p]), 'CRYPTO_free': (None, [_p, ctypes.c_char_p, ctypes.c_int]),
        'ERR_clear_error': (None, []),
    }
    for name, (restype, argtypes) in sig.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes


def _ctx(context):
    """The SSL_CTX* of an ``ssl.SSLContext``."""
    return _p.from_address(id(context) + _PTR_OFFSET).value


def _ssl(tls):
    """The SSL* of an ``ssl.SSLObject`` (or of its C object ``_sslobj``)."""
    obj = getattr(tls, '_sslobj', tls)
    return _p.from_address(id(obj) + _SSL_OFFSET).value


def _self_check(lib):
    """True when the pointers read from ``_ssl``'s objects are OpenSSL's."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    tls = context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname='localhost')
    ptr = _ssl(tls)
    return bool(ptr) and lib.SSL_get_SSL_CTX(ptr) == _ctx(context)


def _init():
    if sys.implementation.name != 'cpython':  # pragma: no cover
        return None
    try:
        lib = _load()
        if lib is None:
            return None
        _declare(lib)
        return lib if _self_check(lib) else None
    except (OSError, AttributeError, ValueError):  # pragma: no cover - no usable libssl
        return None


_lib = _init()

#: True when the bridge is usable (libssl found and _ssl's layout checked).
AVAILABLE = _lib is not None


def _need(feature):
    if _lib is None:
        from gnet.tls._errors import ERR_TLS_FEATURE_UNAVAILABLE
        raise ERR_TLS_FEATURE_UNAVAILABLE(feature)
    return _lib


# --- owners (for callbacks) -------------------------------------------------------

def register(tls, sock):
    """Callbacks on *tls*'s SSL now reach *sock*."""
    if _lib is not None:
        _OWNERS[_ssl(tls)] = sock


def unregister(tls):
    if _lib is not None and _OWNERS:
        _OWNERS.pop(_ssl(tls), None)


# --- per connection ---------------------------------------------------------------

def export_keying_material(tls, length, label, context):
    """RFC 5705 keying material: *length* bytes (SSL_export_keying_material)."""
    lib = _need('exportKeyingMaterial')
    out = ctypes.create_string_buffer(length)
    use_context = context is not None
    context = bytes(context or b'')
    if lib.SSL_export_keying_material(_ssl(tls), out, length, label, len(label), context,
                                      len(context), 1 if use_context else 0) != 1:
        lib.ERR_clear_error()
        return None
    return out.raw


def _finished(fn, tls):
    buf = ctypes.create_string_buffer(64)  # EVP_MAX_MD_SIZE
    size = fn(_ssl(tls), buf, 64)
    return buf.raw[:size] if size else None


def finished(tls):
    """Our latest Finished message (bytes), or None before one was sent."""
    return _finished(_need('getFinished').SSL_get_finished, tls)


def peer_finished(tls):
    """The peer's latest Finished message (bytes), or None."""
    return _finished(_need('getPeerFinished').SSL_get_peer_finished, tls)


def _session_der(lib, session):
    size = lib.i2d_SSL_SESSION(session, None)
    if size <= 0:
        return None
    buf = ctypes.create_string_buffer(size)
    cursor = ctypes.c_char_p(ctypes.addressof(buf))
    lib.i2d_SSL_SESSION(session, ctypes.byref(cursor))
    return buf.raw


def session_bytes(tls):
    """The session as DER bytes (i2d_SSL_SESSION, Node's getSession()), or None."""
    lib = _need('getSession')
    session = lib.SSL_get_session(_ssl(tls))
    return _session_der(lib, session) if session else None


def _parse_session(lib, der):
    buf = ctypes.create_string_buffer(bytes(der), len(der))
    cursor = ctypes.c_char_p(ctypes.addressof(buf))
    return lib.d2i_SSL_SESSION(None, ctypes.byref(cursor), len(der))


def set_session(tls, der):
    """Offer a saved session (DER bytes) in the next handshake; False if it is not one."""
    lib = _need('session')
    session = _parse_session(lib, der)
    if not session:
        lib.ERR_clear_error()
        return False
    try:
        return lib.SSL_set_session(_ssl(tls), session) == 1
    finally:
        lib.SSL_SESSION_free(session)  # SSL_set_session took its own reference


def cipher_standard_name(tls):
    """The IANA (RFC) name of the negotiated suite, e.g. 'TLS_AES_256_GCM_SHA384'."""
    if _lib is None:
        return None
    cipher = _lib.SSL_get_current_cipher(_ssl(tls))
    name = _lib.SSL_CIPHER_standard_name(cipher) if cipher else None
    return name.decode() if name else None


def _x509_der(lib, x509):
    size = lib.i2d_X509(x509, None)
    buf = ctypes.create_string_buffer(size)
    cursor = ctypes.c_char_p(ctypes.addressof(buf))
    lib.i2d_X509(x509, ctypes.byref(cursor))
    return buf.raw


def peer_chain(tls):
    """The certificates the peer sent, as DER, leaf first (SSL_get_peer_cert_chain)."""
    lib = _need('getPeerCertificate(true)')
    stack = lib.SSL_get_peer_cert_chain(_ssl(tls))
    return [_x509_der(lib, lib.OPENSSL_sk_value(stack, i))
            for i in range(lib.OPENSSL_sk_num(stack) if stack else 0)]


def own_certificate(tls):
    """Our own certificate as DER (SSL_get_certificate), or None without one."""
    lib = _need('getCertificate')
    x509 = lib.SSL_get_certificate(_ssl(tls))
    return _x509_der(lib, x509) if x509 else None


def verify_result(tls):
    """OpenSSL's X509_V_* result of the peer's certificate (0 = ok)."""
    return _need('verify result').SSL_get_verify_result(_ssl(tls))


def verify_message(code):
    """OpenSSL's text for an X509_V_* code ('unable to verify the first certificate')."""
    return _need('verify result').X509_verify_cert_error_string(code).decode()


def peer_tmp_key(tls):
    """(EVP_PKEY base id, bits) of the peer's ephemeral key, or None (minDHSize)."""
    lib = _need('minDHSize')
    key = _p()
    if not lib.SSL_ctrl(_ssl(tls), _CTRL_GET_PEER_TMP_KEY, 0, ctypes.byref(key)) or not key:
        return None
    try:
        return lib.EVP_PKEY_get_base_id(key), lib.EVP_PKEY_get_bits(key)
    finally:
        lib.EVP_PKEY_free(key)


def is_dh(key_type):
    return key_type == _EVP_PKEY_DH


# --- per context ------------------------------------------------------------------

def _accept_any(preverify_ok, store_ctx):
    return 1


_ACCEPT_ANY = _VERIFY_CB(_accept_any)


def accept_any_certificate(context, require):
    """Ask for the peer's certificate, verify it, but let the handshake go on.

    Node's way (``rejectUnauthorized: false``, ``requestCert``): OpenSSL
    verifies, the callback accepts whatever it found, and the result is
    read afterwards with :func:`verify_result`. *require* also fails a
    peer that sends none (a client must send one: VERIFY_FAIL_IF_NO_PEER_CERT).
    """
    lib = _need('rejectUnauthorized: false with verification')
    mode = _VERIFY_PEER | (_VERIFY_FAIL_IF_NO_PEER_CERT if require else 0)
    lib.SSL_CTX_set_verify(_ctx(context), mode, _ACCEPT_ANY)


def _keylog(ssl_ptr, line):
    sock = _OWNERS.get(ssl_ptr)
    if sock is not None:
        try:
            sock._on_keylog(line + b'\n')
        except BaseException as exc:  # noqa: BLE001 - never into OpenSSL; re-raised later
            sock._callback_error(exc)


_KEYLOG = _KEYLOG_CB(_keylog)


def enable_keylog(context):
    """Every handshake on *context* reports its secrets to its socket's _on_keylog()."""
    _need('keylog').SSL_CTX_set_keylog_callback(_ctx(context), _KEYLOG)


def _new_session(ssl_ptr, session):
    sock = _OWNERS.get(ssl_ptr)
    if sock is not None:
        try:
            size = ctypes.c_uint()
            sid = _lib.SSL_SESSION_get_id(session, ctypes.byref(size))
            sid = ctypes.string_at(sid, size.value) if sid else b''
            sock._on_new_session(sid, _session_der(_lib, session))
        except BaseException as exc:  # noqa: BLE001
            sock._callback_error(exc)
    return 0  # we kept no reference


def _get_session(ssl_ptr, sid, size, copy):
    copy[0] = 0  # the returned session's reference is the caller's
    sock = _OWNERS.get(ssl_ptr)
    if sock is None:
        return None
    try:
        der = sock._on_resume_session(ctypes.string_at(sid, size))
    except BaseException as exc:  # noqa: BLE001
        sock._callback_error(exc)
        return None
    if not der:
        return None
    session = _parse_session(_lib, der)
    if not session:
        _lib.ERR_clear_error()
    return session


_NEW_SESSION = _NEW_SESSION_CB(_new_session)
_GET_SESSION = _GET_SESSION_CB(_get_session)


def enable_sessions(context, client=False, resume=False):
    """New sessions reach the socket's ``_on_new_session(id, der)``.

    A client's are Node's 'session' events; a server's 'newSession'.
    *resume* (server): a client's session ID is looked up through
    ``_on_resume_session(id)`` → DER bytes or None, and OpenSSL's own
    cache is bypassed, as in Node with a 'resumeSession' listener.
    """
    lib = _need("'session'" if client else 'newSession/resumeSession')
    ctx = _ctx(context)
    if client:
        mode = _SESS_CACHE_CLIENT | _SESS_CACHE_NO_INTERNAL
    else:
        mode = _SESS_CACHE_SERVER | (_SESS_CACHE_NO_INTERNAL if resume else 0)
    lib.SSL_CTX_ctrl(ctx, _CTRL_SET_SESS_CACHE_MODE, mode, None)
    lib.SSL_CTX_sess_set_new_cb(ctx, _NEW_SESSION)
    if resume:
        lib.SSL_CTX_sess_set_get_cb(ctx, _GET_SESSION)


def _alpn_select(ssl_ptr, out, outlen, offered, offered_len, _arg):
    sock = _OWNERS.get(ssl_ptr)
    if sock is None:
        return _TLSEXT_ERR_ALERT_FATAL
    wire = ctypes.string_at(offered, offered_len)
    names, offsets, i = [], [], 0
    while i < len(wire):
        size = wire[i]
        names.append(wire[i + 1:i + 1 + size].decode('latin-1'))
        offsets.append(i)
        i += 1 + size
    try:
        chosen = sock._on_alpn(names)
    except BaseException as exc:  # noqa: BLE001 - never into OpenSSL
        sock._callback_error(exc)
        return _TLSEXT_ERR_ALERT_FATAL
    if chosen is None or chosen not in names:
        return _TLSEXT_ERR_ALERT_FATAL
    at = offsets[names.index(chosen)]
    out[0] = offered + at + 1   # points into OpenSSL's own ClientHello buffer
    outlen[0] = wire[at]
    return _TLSEXT_ERR_OK


_ALPN = _ALPN_CB(_alpn_select)


def enable_alpn_callback(context):
    """Node's ALPNCallback: the socket's ``_on_alpn(protocols)`` picks (None: reject)."""
    _need('ALPNCallback').SSL_CTX_set_alpn_select_cb(_ctx(context), _ALPN, None)


def set_dh_auto(context):
    """Node's dhparam 'auto': OpenSSL's built-in DH parameters by key size."""
    _need('dhparam').SSL_CTX_ctrl(_ctx(context), _CTRL_SET_DH_AUTO, 1, None)


def set_session_timeout(context, seconds):
    _need('sessionTimeout').SSL_CTX_set_timeout(_ctx(context), int(seconds))


#: CPython 3.13's _ssl sets a session ID context ('Python') on each server
#: SSL, over the SSL_CTX's: there gnet sets the context's own on each SSL too.
_PER_SSL_SID = sys.version_info >= (3, 13)


def set_session_id_context(context, value):
    """SSL_CTX_set_session_id_context; *value* at most 32 bytes; False if longer."""
    lib = _need('sessionIdContext')
    if lib.SSL_CTX_set_session_id_context(_ctx(context), value, len(value)) != 1:
        lib.ERR_clear_error()
        return False
    context._gnet_sid = value
    return True


def apply_session_id_context(tls, context):
    """A new server SSL gets its context's session ID context (see _PER_SSL_SID)."""
    sid = getattr(context, '_gnet_sid', None) if _PER_SSL_SID else None
    if sid:
        _lib.SSL_set_session_id_context(_ssl(tls), sid, len(sid))


def set_ticket_keys(context, keys):
    """Node's 48 ticket-key bytes (name, HMAC secret, AES secret) on *context*.

    OpenSSL's own ticket scheme takes 80 bytes (16-byte name, 32-byte HMAC
    and AES-256 keys): the name is Node's, the two keys are SHA-256 of
    Node's two secrets. Servers given the same 48 bytes share tickets;
    tickets are not interchangeable with a Node server's (Node encrypts
    them itself with AES-128).
    """
    lib = _need('ticketKeys')
    keys = bytes(keys)
    raw = keys[:16] + hashlib.sha256(keys[16:32]).digest() + hashlib.sha256(keys[32:]).digest()
    buf = ctypes.create_string_buffer(raw, len(raw))
    return lib.SSL_CTX_ctrl(_ctx(context), _CTRL_SET_TLSEXT_TICKET_KEYS, len(raw), buf) == 1


def _ctrl_str(context, command, value, feature):
    lib = _need(feature)
    ok = lib.SSL_CTX_ctrl(_ctx(context), command, 0, ctypes.c_char_p(value.encode())) == 1
    if not ok:
        lib.ERR_clear_error()
    return ok


def set_groups(context, groups):
    """Node's ecdhCurve: 'X25519:P-256' (SSL_CTX_set1_groups_list); False if unknown."""
    return _ctrl_str(context, _CTRL_SET_GROUPS_LIST, groups, 'ecdhCurve')


def set_sigalgs(context, sigalgs):
    """Node's sigalgs: 'ECDSA+SHA256:RSA-PSS+SHA256' (SSL_CTX_set1_sigalgs_list)."""
    return _ctrl_str(context, _CTRL_SET_SIGALGS_LIST, sigalgs, 'sigalgs')


def set_ciphersuites(context, suites):
    """TLS 1.3 suites, 'TLS_AES_128_GCM_SHA256:...' (SSL_CTX_set_ciphersuites)."""
    lib = _need('TLS 1.3 ciphers')
    ok = lib.SSL_CTX_set_ciphersuites(_ctx(context), suites.encode()) == 1
    if not ok:
        lib.ERR_clear_error()
    return ok
