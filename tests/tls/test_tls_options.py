"""Every TLS option Node has is honoured or refused: one test per option.

Refused options raise ERR_TLS_OPTION_UNSUPPORTED at create_server/connect
time (or on()); honoured ones are checked by what they change on the wire,
and their bad values by Node's error class and message (the same texts are
pinned against Node in tests/conformance where both accept the option).
"""
import datetime
import ssl

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from gevent.event import AsyncResult

from gnet import tls
from gnet.tls import _openssl
from gnet.tls._errors import TLSError

pytestmark = pytest.mark.timeout(30)


@pytest.fixture(scope='module')
def pki():
    ca = trustme.CA()
    leaf = ca.issue_cert('localhost', '127.0.0.1')
    rsa = ca.issue_cert('localhost', '127.0.0.1', key_type=trustme.KeyType.RSA)

    def pair(issued):
        return {'key': issued.private_key_pem.bytes(), 'cert': issued.cert_chain_pems[0].bytes()}
    return {'ca': ca.cert_pem.bytes(), 'ca_obj': ca, 'ec': pair(leaf), 'rsa': pair(rsa),
            'leaf': leaf}


def _serve(options, listener=None):
    srv = tls.create_server(options, listener or (lambda s: s.end(b'ok')))
    srv.on('tlsClientError', lambda err, s: None)
    srv.listen(0, '127.0.0.1')
    return srv


def _outcome(srv, pki, **client):
    """('ok', protocol, standard cipher name, reused, session) or ('error', code)."""
    result = AsyncResult()
    options = {'port': srv.address()['port'], 'host': '127.0.0.1', 'servername': 'localhost',
               'ca': pki['ca']}
    options.update(client)
    c = tls.connect(options)
    sessions = []
    done = AsyncResult()
    c.on('close', lambda *a: done.set(True))
    c.on('session', sessions.append)
    c.on('secureConnect', lambda: result.set(('ok', c.get_protocol(),
                                              c.get_cipher()['standardName'],
                                              c.is_session_reused())))
    c.on('error', lambda e: result.set(('error', e.code)))
    c.on('data', lambda d: None)
    got = result.get(timeout=10)
    if not c.destroyed:
        c.on('end', c.destroy)
    done.get(timeout=10)
    return got, (sessions[-1] if sessions else None)


# --- refused -----------------------------------------------------------------------

@pytest.mark.parametrize('name,value', [
    ('pskCallback', lambda *a: None), ('pskIdentityHint', 'hint'), ('requestOCSP', True),
    ('enableTrace', True), ('privateKeyEngine', 'x'),
    ('privateKeyIdentifier', 'x'), ('clientCertEngine', 'x'),
])
def test_refused_options_raise_at_create_server_and_connect(pki, name, value):
    for make in (lambda: tls.create_server(dict(pki['ec'], **{name: value})),
                 lambda: tls.connect({'port': 1, 'host': '127.0.0.1', name: value})):
        with pytest.raises(TLSError) as info:
            make()
        assert info.value.code == 'ERR_TLS_OPTION_UNSUPPORTED'
        assert str(info.value).startswith("The TLS option '%s' is not supported by gnet: "
                                          % name)


def test_enable_trace_false_is_accepted(pki):
    tls.create_server(dict(pki['ec'], enableTrace=False)).close()


def test_ocsp_listeners_are_refused(pki):
    srv = tls.create_server(pki['ec'])
    with pytest.raises(TLSError) as info:
        srv.on('OCSPRequest', lambda *a: None)
    assert info.value.code == 'ERR_TLS_OPTION_UNSUPPORTED'
    assert srv.listener_count('OCSPRequest') == 0
    c = tls.connect({'port': 1, 'host': '127.0.0.1'})
    c.on('error', lambda e: None)
    with pytest.raises(TLSError):
        c.on('OCSPResponse', lambda *a: None)
    c.destroy()


# --- honoured ------------------------------------------------------------------------

def test_ciphers_tls13_suite_is_negotiated_and_bogus_ones_fail(pki):
    srv = _serve(dict(pki['ec'], ciphers='TLS_AES_128_GCM_SHA256'))
    try:
        got, _ = _outcome(srv, pki)
        assert got == ('ok', 'TLSv1.3', 'TLS_AES_128_GCM_SHA256', False)
    finally:
        srv.close()
    with pytest.raises(TLSError) as info:
        tls.create_secure_context({'ciphers': 'TLS_BOGUS'})
    assert info.value.code == 'ERR_SSL_NO_CIPHER_MATCH'


def test_default_tls12_suite_is_nodes(pki):
    srv = _serve(dict(pki['rsa'], maxVersion='TLSv1.2'))
    try:
        got, _ = _outcome(srv, pki)
        assert got[:3] == ('ok', 'TLSv1.2', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
    finally:
        srv.close()


def test_secure_options_reach_openssl(pki):
    srv = _serve(dict(pki['ec'], secureOptions=ssl.OP_NO_TLSv1_3))
    try:
        assert _outcome(srv, pki)[0][1] == 'TLSv1.2'
    finally:
        srv.close()
    with pytest.raises(TypeError) as info:
        tls.create_secure_context({'secureOptions': 'x'})
    assert str(info.value) == ('The "secureOptions" argument must be of type number. '
                               "Received type string ('x')")


def test_secure_protocol_method(pki):
    srv = _serve(dict(pki['ec'], secureProtocol='TLSv1_2_method'))
    try:
        assert _outcome(srv, pki)[0][1] == 'TLSv1.2'
    finally:
        srv.close()


def test_ecdh_curve_limits_the_groups(pki):
    srv = _serve(dict(pki['ec'], ecdhCurve='P-384'))
    try:
        assert _outcome(srv, pki, ecdhCurve='P-384')[0][0] == 'ok'
        assert _outcome(srv, pki, ecdhCurve='X25519')[0][0] == 'error'
    finally:
        srv.close()
    with pytest.raises(TLSError) as info:
        tls.create_secure_context({'ecdhCurve': 'bogus'})
    assert (info.value.code, str(info.value)) == ('ERR_CRYPTO_OPERATION_FAILED',
                                                  'Failed to set ECDH curve')


def test_sigalgs_limit_the_signatures(pki):
    srv = _serve(pki['ec'])
    try:
        assert _outcome(srv, pki, sigalgs='ECDSA+SHA256')[0][0] == 'ok'
        assert _outcome(srv, pki, sigalgs='RSA-PSS+SHA256')[0][0] == 'error'
    finally:
        srv.close()
    with pytest.raises(TLSError):
        tls.create_secure_context({'sigalgs': 'bogus'})


def test_dhparam_auto_enables_dhe_and_min_dh_size_checks_it(pki):
    options = dict(pki['rsa'], maxVersion='TLSv1.2', ciphers='DHE-RSA-AES128-GCM-SHA256')
    srv = _serve(options)
    try:  # no DH parameters: no DHE suite to agree on
        assert _outcome(srv, pki)[0][0] == 'error'
    finally:
        srv.close()
    srv = _serve(dict(options, dhparam='auto'))
    try:
        got, _ = _outcome(srv, pki)
        assert got[:3] == ('ok', 'TLSv1.2', 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256')
        assert _outcome(srv, pki, minDHSize=4096)[0] == ('error', 'ERR_TLS_DH_PARAM_SIZE')
    finally:
        srv.close()


def test_min_dh_size_validation():
    for value, code in (('x', 'ERR_INVALID_ARG_TYPE'), (0, 'ERR_OUT_OF_RANGE')):
        with pytest.raises(Exception) as info:
            tls.connect({'port': 1, 'host': '127.0.0.1', 'minDHSize': value})
        assert info.value.code == code


def test_crl_revokes_the_server_certificate(pki):
    ca = pki['ca_obj']
    ca_key = serialization.load_pem_private_key(ca.private_key_pem.bytes(), None)
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem.bytes())
    leaf = x509.load_pem_x509_certificate(pki['leaf'].cert_chain_pems[0].bytes())
    now = datetime.datetime.now(datetime.timezone.utc)

    def crl(revoked):
        builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
                   .last_update(now - datetime.timedelta(hours=1))
                   .next_update(now + datetime.timedelta(days=1)))
        if revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(leaf.serial_number)
                .revocation_date(now - datetime.timedelta(hours=1)).build())
        return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
    srv = _serve(pki['ec'])
    try:
        assert _outcome(srv, pki, crl=crl(False))[0][0] == 'ok'
        assert _outcome(srv, pki, crl=crl(True))[0] == ('error', 'CERT_REVOKED')
    finally:
        srv.close()
    with pytest.raises(TLSError) as info:
        tls.create_secure_context({'crl': 'bogus'})
    assert str(info.value) == 'Failed to parse CRL'


def test_session_timeout_reaches_openssl_and_is_validated(pki):
    ctx = tls.create_secure_context(dict(pki['ec'], sessionTimeout=123))
    lib = _openssl._lib
    lib.SSL_CTX_get_timeout.restype = _openssl.ctypes.c_long
    lib.SSL_CTX_get_timeout.argtypes = [_openssl.ctypes.c_void_p]
    assert lib.SSL_CTX_get_timeout(_openssl._ctx(ctx.context)) == 123
    for value, kind, text in (
            ('x', TypeError, 'The "options.sessionTimeout" property must be of type number. '
                             "Received type string ('x')"),
            (-1, ValueError, 'The value of "options.sessionTimeout" is out of range. It must be '
                             '>= 0 && <= 2147483647. Received -1'),
            (1.5, ValueError, 'The value of "options.sessionTimeout" is out of range. It must '
                              'be an integer. Received 1.5')):
        with pytest.raises(kind) as info:
            tls.create_secure_context({'sessionTimeout': value})
        assert str(info.value) == text


def test_ticket_keys_let_another_server_resume(pki):
    keys = bytes(range(48))
    a = _serve(dict(pki['ec'], ticketKeys=keys))
    b = _serve(dict(pki['ec'], ticketKeys=keys))
    c = _serve(dict(pki['ec'], ticketKeys=bytes(48)))
    try:
        got, session = _outcome(a, pki)
        assert session is not None and got[3] is False
        assert _outcome(b, pki, session=session)[0][3] is True
        assert _outcome(c, pki, session=session)[0][3] is False
    finally:
        for srv in (a, b, c):
            srv.close()
    with pytest.raises(TypeError) as info:
        tls.create_secure_context({'ticketKeys': bytes(10)})
    assert str(info.value) == "The property 'options.ticketKeys' must be exactly 48 bytes. " \
                              'Received 10'


def test_session_id_context_separates_tls12_sessions(pki):
    keys = bytes(range(48))
    base = dict(pki['ec'], ticketKeys=keys, maxVersion='TLSv1.2')
    a = _serve(dict(base, sessionIdContext='one'))
    b = _serve(dict(base, sessionIdContext='one'))
    c = _serve(dict(base, sessionIdContext='two'))
    try:
        _got, session = _outcome(a, pki)
        assert _outcome(b, pki, session=session)[0][3] is True
        assert _outcome(c, pki, session=session)[0][3] is False
    finally:
        for srv in (a, b, c):
            srv.close()
    with pytest.raises(TypeError):
        tls.create_secure_context({'sessionIdContext': 5})


def test_garbage_session_is_ignored_as_in_node(pki):
    srv = _serve(pki['ec'])
    try:
        assert _outcome(srv, pki, session=b'garbage')[0][0] == 'ok'
    finally:
        srv.close()
    with pytest.raises(TypeError) as info:
        tls.connect({'port': 1, 'host': '127.0.0.1', 'session': 'x'})
    assert str(info.value) == 'Session must be a buffer'


def test_secure_context_must_be_one():
    with pytest.raises(TypeError) as info:
        tls.connect({'port': 1, 'host': '127.0.0.1', 'secureContext': {}.items()})
    assert info.value.code == 'ERR_TLS_INVALID_CONTEXT'


def test_server_ticket_keys_get_and_set(pki):
    a = _serve(pki['ec'])
    b = _serve(pki['ec'])
    try:
        keys = a.get_ticket_keys()
        assert isinstance(keys, bytes) and len(keys) == 48 and keys != b.get_ticket_keys()
        _got, session = _outcome(a, pki)
        assert _outcome(b, pki, session=session)[0][3] is False
        assert b.setTicketKeys(keys) is None and b.getTicketKeys() == keys
        assert _outcome(b, pki, session=session)[0][3] is True
    finally:
        a.close()
        b.close()
    with pytest.raises(TypeError) as info:
        a.set_ticket_keys('x')
    assert str(info.value) == ('The "buffer" argument must be an instance of Buffer, '
                               "TypedArray, or DataView. Received type string ('x')")
    with pytest.raises(TypeError):
        a.set_ticket_keys(bytes(10))


def test_alpn_callback_choosing_a_protocol_not_offered(pki):
    """Node 20.20: 'tlsClientError' ERR_TLS_ALPN_CALLBACK_INVALID_RESULT and a
    dropped connection for the client (Node 20.18 crashes instead)."""
    failed = AsyncResult()
    srv = tls.create_server(dict(pki['ec'], ALPNCallback=lambda info: 'spdy'))
    srv.on('tlsClientError', lambda err, s: failed.set(err))
    srv.listen(0, '127.0.0.1')
    try:
        got, _ = _outcome(srv, pki, ALPNProtocols=['h2', 'http/1.1'])
        err = failed.get(timeout=10)
    finally:
        srv.close()
    assert got == ('error', 'ECONNRESET')
    assert isinstance(err, TypeError) and err.code == 'ERR_TLS_ALPN_CALLBACK_INVALID_RESULT'
    assert str(err) == ("ALPN callback returned a value (spdy) that did not match any of "
                        "the client's offered protocols (h2, http/1.1)")
