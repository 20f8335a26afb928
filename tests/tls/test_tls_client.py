"""gnet.tls.connect: verification outcomes with Node's codes, options, argument forms."""

import pytest
from gevent.event import AsyncResult

from gnet import tls


def _serve(pair, **options):
    options.update(key=pair.key, cert=pair.cert)
    srv = tls.create_server(options, lambda s: (s.on('error', lambda e: None), s.end(b'hi')))
    srv.on('tlsClientError', lambda err, s: None)
    srv.listen(0, '127.0.0.1')
    return srv, srv.address()['port']


def _outcome(wait, **options):
    """('secure', authorized, authorization_error) or ('error', code, message)."""
    result = AsyncResult()
    options.setdefault('host', '127.0.0.1')
    c = tls.connect(options)
    c.on('secureConnect', lambda: result.set(('secure', c.authorized, c.authorization_error)))
    c.on('error', lambda e: result.set(('error', e.code, str(e))))
    c.on('data', lambda d: None)
    outcome = wait(result)
    c.destroy()
    return outcome


@pytest.mark.parametrize('name, code', [
    ('expired', 'CERT_HAS_EXPIRED'),
    ('self_signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
])
def test_bad_server_certificate_codes(certs, wait, name, code):
    srv, port = _serve(getattr(certs, name))
    ca = certs.self_signed.cert if name == 'self_signed' else certs.ca
    try:
        if name == 'self_signed':
            outcome = _outcome(wait, port=port, servername='localhost')
        else:
            outcome = _outcome(wait, port=port, servername='localhost', ca=ca)
        assert outcome[:2] == ('error', code)
        # rejectUnauthorized: false connects, and says why it is not authorized
        outcome = _outcome(wait, port=port, servername='localhost', ca=certs.ca,
                           rejectUnauthorized=False)
        assert outcome == ('secure', False, code)
    finally:
        srv.close()


def test_untrusted_server_certificate(certs, wait):
    srv, port = _serve(certs.server)
    try:
        outcome = _outcome(wait, port=port, servername='localhost')  # system CAs only
        # OpenSSL's own verdict; with the system CA directory it says 20, Node's
        # bundled in-memory store says 21 for the same lone leaf.
        assert outcome[:2] in (('error', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
                               ('error', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'))
        assert _outcome(wait, port=port, rejectUnauthorized=False) == \
            ('secure', False, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    finally:
        srv.close()


def test_host_name_mismatch_is_node_altname_error(certs, wait):
    srv, port = _serve(certs.server)
    try:
        outcome = _outcome(wait, port=port, servername='example.com', ca=certs.ca)
        assert outcome == (
            'error', 'ERR_TLS_CERT_ALTNAME_INVALID',
            "Hostname/IP does not match certificate's altnames: Host: example.com. is not in "
            "the cert's altnames: DNS:localhost, IP Address:127.0.0.1, IP Address:::1")
        assert _outcome(wait, port=port, servername='example.com', ca=certs.ca,
                        rejectUnauthorized=False) == \
            ('secure', False, 'ERR_TLS_CERT_ALTNAME_INVALID')
        # an IP host without servername is checked against the IP SANs
        assert _outcome(wait, port=port, ca=certs.ca) == ('secure', True, None)
    finally:
        srv.close()


def test_check_server_identity_option(certs, wait):
    srv, port = _serve(certs.server)
    seen = []

    def check(host, cert):
        seen.append((host, cert['subjectaltname']))
        return tls.TLSError('EPINNED', 'pin mismatch')
    try:
        outcome = _outcome(wait, port=port, servername='localhost', ca=certs.ca,
                           checkServerIdentity=check)
        assert outcome == ('error', 'EPINNED', 'pin mismatch')
        assert seen == [('localhost', 'DNS:localhost, IP Address:127.0.0.1, IP Address:::1')]
    finally:
        srv.close()


def test_connect_argument_forms(certs, wait):
    srv, port = _serve(certs.server)
    try:
        for make in (lambda cb: tls.connect(port, '127.0.0.1', {'ca': certs.ca}, cb),
                     lambda cb: tls.connect({'port': port, 'host': '127.0.0.1',
                                             'ca': certs.ca}, cb),
                     lambda cb: tls.connect(port, '127.0.0.1', ca=certs.ca, callback=cb)):
            result = AsyncResult()
            holder = []
            c = make(lambda: result.set(holder[0].authorized))
            holder.append(c)
            c.on('data', lambda d: None)
            assert wait(result) is True
            c.destroy()
    finally:
        srv.close()


def test_connection_refused_is_the_net_error(certs, wait):
    srv, port = _serve(certs.server)
    srv.close()
    assert srv.wait_closed(10)
    outcome = _outcome(wait, port=port, ca=certs.ca)
    assert outcome[:2] == ('error', 'ECONNREFUSED')


def test_check_server_identity_function():
    cert = {'subject': {'CN': 'x'}, 'subjectaltname': 'DNS:*.example.com, IP Address:10.0.0.1'}
    assert tls.check_server_identity('a.example.com', cert) is None
    assert tls.check_server_identity('10.0.0.1', cert) is None
    assert tls.check_server_identity('a.b.example.com', cert).code == \
        'ERR_TLS_CERT_ALTNAME_INVALID'
    err = tls.checkServerIdentity('10.0.0.2', cert)
    assert str(err) == ("Hostname/IP does not match certificate's altnames: "
                        "IP: 10.0.0.2 is not in the cert's list: 10.0.0.1")
