"""gnet.tls.Server and the server-side TLSSocket: events, styles, options, failures."""

import hashlib
import ssl

import pytest
from gevent.event import AsyncResult, Event

import gnet
from gnet import tls


def _server(options, listener=None):
    srv = tls.create_server(options, listener)
    srv.listen(0, '127.0.0.1')
    return srv, srv.address()['port']


def _client(port, certs, **extra):
    options = {'port': port, 'host': '127.0.0.1', 'servername': 'localhost', 'ca': certs.ca}
    options.update(extra)
    return tls.connect(options)


def test_echo_event_style_and_order(certs, wait):
    trace = []
    done = Event()

    def on_secure(sock):
        trace.append(('secureConnection', sock.encrypted, sock.authorized, sock.servername,
                      sock.get_protocol()))
        sock.on('data', lambda d: (trace.append(('data', d)), sock.write(d.upper())))
        sock.on('end', lambda: trace.append(('end',)))
        sock.on('finish', lambda: trace.append(('finish',)))
        sock.on('close', lambda h: trace.append(('close', h)))

    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert}, on_secure)
    srv.on('connection', lambda s: trace.append(('connection', isinstance(s, tls.TLSSocket))))
    got = []
    c = _client(port, certs)
    c.on('secureConnect', lambda: (got.append(('secureConnect', c.authorized, c.authorization_error)),
                                   c.end(b'hello')))
    c.on('data', lambda d: got.append(('data', d)))
    c.on('end', lambda: got.append(('end',)))
    c.on('close', lambda h: (got.append(('close', h)), done.set()))
    wait(done)
    srv.close()
    assert srv.wait_closed(10)
    assert trace == [('connection', True), ('secureConnection', True, False, 'localhost', 'TLSv1.3'),
                     ('data', b'hello'), ('end',), ('finish',), ('close', False)]
    assert got == [('secureConnect', True, None), ('data', b'HELLO'), ('end',), ('close', False)]


def test_client_properties_and_peer_certificate(certs, wait):
    result = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert},
                        lambda s: s.end())
    c = _client(port, certs)

    def secure():
        result.set((c.authorized, c.authorizationError, c.getProtocol(), c.getCipher(),
                    c.getPeerCertificate(), c.alpnProtocol, c.servername, c.encrypted))
        c.destroy()
    c.on('secureConnect', secure)
    authorized, error, protocol, cipher, cert, alpn, servername, encrypted = wait(result)
    srv.close()
    assert authorized is True and error is None and encrypted is True
    assert protocol == 'TLSv1.3'
    assert cipher['version'] == 'TLSv1.3' and cipher['name'].startswith('TLS_')
    assert cert['subjectaltname'] == 'DNS:localhost, IP Address:127.0.0.1, IP Address:::1'
    assert cert['raw'] and len(cert['fingerprint256'].split(':')) == 32
    assert alpn is False and servername == 'localhost'


def test_blocking_style_handler(certs, wait):
    def handler(sock):
        f = sock.makefile('rb')
        line = f.readline()
        sock.sendall(b'got ' + line)
        rest = sock.recv(100)
        sock.sendall(b'and ' + rest)
        sock.end()

    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert}, handler)
    done = AsyncResult()
    chunks = []
    c = _client(port, certs)
    # 'tail' goes once the reply to the line came back: sent together, both
    # would land in makefile()'s buffer (Python's file reads ahead), and
    # recv() would wait for bytes the file already holds — as on a gevent socket.
    c.on('secureConnect', lambda: c.write(b'line one\n'))
    c.on('data', lambda data: (chunks.append(data), len(chunks) == 1 and c.write(b'tail')))
    c.on('end', lambda: done.set(b''.join(chunks)))
    assert wait(done) == b'got line one\nand tail'
    c.destroy()
    srv.close()


def test_blocking_client(certs, wait):
    """A client written in blocking style, from its own greenlet."""
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert},
                        lambda s: s.on('data', s.write))
    secure = Event()
    c = _client(port, certs)
    c.once('secureConnect', secure.set)
    wait(secure)
    c.sendall(b'ping')
    assert c.recv(10) == b'ping'
    c.destroy()
    srv.close()


def test_mutual_tls(certs, wait):
    seen = AsyncResult()

    def on_secure(sock):
        seen.set((sock.authorized, sock.authorization_error,
                  sock.get_peer_certificate()['subject']))
        sock.end()

    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert, 'ca': certs.ca,
                         'requestCert': True, 'rejectUnauthorized': True}, on_secure)
    c = _client(port, certs, key=certs.client.key, cert=certs.client.cert)
    c.on('data', lambda d: None)
    authorized, error, subject = wait(seen)
    assert (authorized, error, subject['CN']) == (True, None, 'client one')
    c.destroy()
    srv.close()


def test_bad_client_certificate_is_a_tls_client_error_and_server_goes_on(certs, wait):
    secured = []
    failed = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert, 'ca': certs.ca,
                         'requestCert': True},
                        lambda s: (secured.append(s), s.end(b'welcome')))
    srv.on('tlsClientError', lambda err, s: failed.set((err.code, s.destroyed)))
    bad_closed = Event()
    bad = _client(port, certs, key=certs.bad_client.key, cert=certs.bad_client.cert)
    bad.on('error', lambda e: None)
    bad.on('close', lambda h: bad_closed.set())
    code, destroyed = wait(failed)
    # Node 20: the handshake ends, the server destroys the socket and reports a
    # hang-up (tests/conformance/tls_server_rejects_client_certificate)
    assert code == 'ECONNRESET'
    assert destroyed
    wait(bad_closed)
    assert not secured
    # the server still serves a good client
    got = AsyncResult()
    good = _client(port, certs, key=certs.client.key, cert=certs.client.cert)
    good.on('data', got.set)
    assert wait(got) == b'welcome'
    good.destroy()
    srv.close()


def test_alpn(certs, wait):
    seen = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert,
                         'ALPNProtocols': ['h2', 'http/1.1']},
                        lambda s: (seen.set(s.alpn_protocol), s.end()))
    client_alpn = AsyncResult()
    c = _client(port, certs, ALPNProtocols=['http/1.1'])
    c.on('secureConnect', lambda: client_alpn.set(c.alpn_protocol))
    c.on('data', lambda d: None)
    assert wait(seen) == 'http/1.1'
    assert wait(client_alpn) == 'http/1.1'
    c.destroy()
    srv.close()


@pytest.mark.parametrize('style', ['SNICallback', 'addContext'])
def test_sni_two_certificates(certs, wait, style):
    other = tls.create_secure_context({'key': certs.other.key, 'cert': certs.other.cert})
    options = {'key': certs.server.key, 'cert': certs.server.cert}
    if style == 'SNICallback':
        options['SNICallback'] = lambda name, cb: cb(None, other if name == 'other.example'
                                                     else None)
    names = []
    server_saw = []
    srv, port = _server(options, lambda s: (server_saw[-1].set(s.servername), s.end()))
    if style == 'addContext':
        srv.addContext('other.example', other)
    results = []
    for servername in ('other.example', 'localhost'):
        result = AsyncResult()
        server_saw.append(AsyncResult())
        c = _client(port, certs, servername=servername)
        c.on('secureConnect', lambda c=c, r=result: r.set(
            (c.authorized, c.getPeerCertificate()['subjectaltname'])))
        c.on('error', lambda e, r=result: r.set(('error', e.code)))
        c.on('data', lambda d: None)
        results.append(wait(result))
        names.append(wait(server_saw[-1]))
        c.destroy()
    srv.close()
    assert results == [(True, 'DNS:other.example'),
                       (True, 'DNS:localhost, IP Address:127.0.0.1, IP Address:::1')]
    assert names == ['other.example', 'localhost']


def test_sni_callback_error_is_tls_client_error(certs, wait):
    failed = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert,
                         'SNICallback': lambda name, cb: cb(ValueError('no such name'))})
    srv.on('tlsClientError', lambda err, s: failed.set(str(err)))
    c = _client(port, certs)
    c.on('error', lambda e: None)
    assert wait(failed) == 'no such name'
    c.destroy()
    srv.close()


def test_plain_tcp_client_to_tls_port(certs, wait):
    failed = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert},
                        lambda s: pytest.fail('secureConnection on a plain client'))
    srv.on('tlsClientError', lambda err, s: failed.set((err.code, s.destroyed)))
    closed = Event()
    plain = gnet.connect(port, '127.0.0.1', lambda: plain.write(b'GET / HTTP/1.1\r\n\r\n'))
    plain.on('data', lambda d: None)
    plain.on('error', lambda e: None)
    plain.on('close', lambda h: closed.set())
    assert wait(failed) == ('ERR_SSL_HTTP_REQUEST', True)
    wait(closed)
    srv.close()


def test_client_hanging_up_mid_handshake(certs, wait):
    failed = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert})
    srv.on('tlsClientError', lambda err, s: failed.set((err.code, str(err))))
    plain = gnet.connect(port, '127.0.0.1', lambda: plain.end())
    plain.on('data', lambda d: None)
    assert wait(failed) == ('ECONNRESET', 'socket hang up')
    srv.close()


def test_handshake_timeout(certs, wait):
    failed = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert,
                         'handshakeTimeout': 100})
    srv.on('tlsClientError', lambda err, s: failed.set((err.code, str(err), s.destroyed)))
    closed = Event()
    silent = gnet.connect(port, '127.0.0.1')
    silent.on('data', lambda d: None)
    silent.on('close', lambda h: closed.set())
    assert wait(failed) == ('ERR_TLS_HANDSHAKE_TIMEOUT', 'TLS handshake timeout', True)
    wait(closed)
    srv.close()


def test_version_mismatch(certs, wait):
    failed = AsyncResult()
    client_error = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert,
                         'minVersion': 'TLSv1.3'})
    srv.on('tlsClientError', lambda err, s: failed.set(err.code))
    c = _client(port, certs, maxVersion='TLSv1.2')
    c.on('error', lambda e: client_error.set(e.code))
    assert wait(failed).startswith('ERR_SSL_')
    assert wait(client_error).startswith('ERR_SSL_')
    srv.close()
    with pytest.raises(tls.TLSError) as info:
        tls.create_server({'minVersion': 'TLSv9'})
    assert info.value.code == 'ERR_TLS_INVALID_PROTOCOL_VERSION'


def test_ready_ssl_context_and_files(certs, wait):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certs.server.cert_path, certs.server.key_path)
    for options in ({'secureContext': ctx}, {'context': tls.SecureContext(ctx)},
                    {'cert': certs.server.cert_path, 'key': certs.server.key_path}):
        got = AsyncResult()
        srv, port = _server(options, lambda s: s.end(b'ok'))
        c = _client(port, certs)
        c.on('data', got.set)
        assert wait(got) == b'ok'
        c.destroy()
        srv.close()


def test_pfx_with_passphrase(certs, wait):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    key = serialization.load_pem_private_key(certs.server.key.encode(), None)
    cert = x509.load_pem_x509_certificate(certs.server.cert.encode())
    pfx = pkcs12.serialize_key_and_certificates(
        b'srv', key, cert, None, serialization.BestAvailableEncryption(b'secret'))
    got = AsyncResult()
    srv, port = _server({'pfx': pfx, 'passphrase': 'secret'}, lambda s: s.end(b'pfx'))
    c = _client(port, certs)
    c.on('data', got.set)
    assert wait(got) == b'pfx'
    c.destroy()
    srv.close()


def test_half_close_server_keeps_writing_after_client_end(certs, wait):
    def on_secure(sock):
        chunks = []
        sock.on('data', chunks.append)
        sock.on('end', lambda: sock.end(b'you said ' + b''.join(chunks)))

    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert,
                         'allowHalfOpen': True}, on_secure)
    got = AsyncResult()
    chunks = []
    c = _client(port, certs, allowHalfOpen=True)
    c.on('secureConnect', lambda: c.end(b'bye'))
    c.on('data', chunks.append)
    c.on('end', lambda: got.set(b''.join(chunks)))
    assert wait(got) == b'you said bye'
    c.destroy()
    srv.close()


def test_half_close_client_keeps_writing_after_server_end(certs, wait):
    """The server's close_notify must not eat data the client sends afterwards."""
    got = AsyncResult()

    def on_secure(sock):
        chunks = []
        sock.end(b'server done')
        sock.on('data', chunks.append)
        sock.on('end', lambda: got.set(b''.join(chunks)))

    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert,
                         'allowHalfOpen': True}, on_secure)
    c = _client(port, certs, allowHalfOpen=True)

    def on_end():
        c.write(b'after ')
        c.end(b'your end')
    c.on('data', lambda d: None)
    c.on('end', on_end)
    assert wait(got) == b'after your end'
    c.destroy()
    srv.close()


def test_backpressure_and_drain(certs, wait):
    drained = Event()
    server_sock = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert},
                        lambda s: (s.pause(), server_sock.set(s)))
    c = _client(port, certs)
    secure = Event()
    c.on('secureConnect', secure.set)
    wait(secure)
    sock = wait(server_sock)
    writes = 0
    while c.write(b'x' * 65536):   # the kernel buffers fill; then write() says stop
        writes += 1
        assert writes < 10000
    assert c.writable_length >= c.writable_high_water_mark
    c.once('drain', drained.set)
    received = []
    sock.on('data', received.append)
    sock.resume()   # after pause(), a 'data' listener alone does not resume (Node)
    wait(drained)
    assert received
    c.destroy()
    srv.close()


def test_write_before_secure_is_sent_after_handshake(certs, wait):
    got = AsyncResult()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert},
                        lambda s: s.on('data', got.set))
    c = _client(port, certs)
    assert c.write(b'early') is True
    assert wait(got) == b'early'
    c.destroy()
    srv.close()


def test_connection_listener_sees_the_tls_socket_before_handshake(certs, wait):
    order = []
    done = Event()
    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert},
                        lambda s: (order.append('secureConnection'), s.end()))
    srv.on('connection', lambda s: (order.append('connection'),
                                    s.write(b'queued before secure'),
                                    s.on('data', lambda d: order.append(d))))
    got = []
    c = _client(port, certs)
    c.on('data', got.append)
    c.on('end', lambda: (c.end(b'x'), done.set()))
    wait(done)
    srv.close()
    assert order[:2] == ['connection', 'secureConnection']
    assert b''.join(got) == b'queued before secure'


def test_64_mib_byte_exact(certs, wait):
    size = 64 * 1024 * 1024
    block = hashlib.sha256(b'gnet').digest() * 2048   # 64 KiB of varied bytes
    expected = hashlib.sha256()
    for _ in range(size // len(block)):
        expected.update(block)

    def on_secure(sock):
        digest = hashlib.sha256()
        count = [0]

        def data(d):
            digest.update(d)
            count[0] += len(d)
            if not sock.write(d):  # echo with backpressure: pause until drained
                sock.pause()
                sock.once('drain', sock.resume)
        sock.on('data', data)
        sock.on('end', lambda: sock.end())

    srv, port = _server({'key': certs.server.key, 'cert': certs.server.cert}, on_secure)
    result = AsyncResult()
    received = hashlib.sha256()
    total = [0]
    c = _client(port, certs)
    sent = [0]

    def pump():
        while sent[0] < size:
            sent[0] += len(block)
            if not c.write(block):
                c.once('drain', pump)
                return
        c.end()

    def data(d):
        received.update(d)
        total[0] += len(d)
    c.on('secureConnect', pump)
    c.on('data', data)
    c.on('end', lambda: result.set((total[0], received.hexdigest())))
    assert wait(result, 50) == (size, expected.hexdigest())
    srv.close()
