"""TLSSocket features seen from the server side and on upgraded sockets.

The client side is pinned against Node in tests/conformance
(tls_keylog_session_keying_material, tls_client_secure_context_and_peer_certificate).
"""
import pytest
from gevent.event import AsyncResult, Event

import gnet
from gnet import tls
from gnet.tls import _openssl

pytestmark = pytest.mark.timeout(30)


def test_server_sees_the_clients_chain_and_keying_material_agrees(certs):
    seen = AsyncResult()

    def on_secure(s):
        seen.set((s.authorized, s.get_peer_certificate(True),
                  s.export_keying_material(16, 'EXPORTER-x', b'c'), s.get_peer_finished()))
        s.end()
    srv = tls.create_server({'key': certs.server.key, 'cert': certs.server.cert,
                             'ca': certs.ca, 'requestCert': True}, on_secure)
    srv.listen(0, '127.0.0.1')
    mine = AsyncResult()
    c = tls.connect({'port': srv.address()['port'], 'host': '127.0.0.1',
                     'servername': 'localhost', 'ca': certs.ca,
                     'key': certs.client.key, 'cert': certs.client.cert})
    c.on('secureConnect', lambda: mine.set((c.export_keying_material(16, 'EXPORTER-x', b'c'),
                                            c.get_finished())))
    c.on('data', lambda d: None)
    try:
        authorized, chain, ekm, peer_finished = seen.get(timeout=10)
        client_ekm, client_finished = mine.get(timeout=10)
    finally:
        c.destroy()
        srv.close()
    assert authorized is True
    assert chain['subject']['CN'] == 'client one'
    root = chain['issuerCertificate']
    assert root['ca'] is True and root['issuerCertificate'] is root
    assert ekm == client_ekm and len(ekm) == 16
    assert peer_finished == client_finished


def test_keylog_on_an_upgraded_client_and_no_callbacks_without_listeners(certs):
    accepted = AsyncResult()
    srv = gnet.create_server(accepted.set)
    srv.listen(0, '127.0.0.1')
    plain = gnet.connect(srv.address()['port'], '127.0.0.1')
    server_plain = accepted.get(timeout=5)
    s = tls.TLSSocket(server_plain, {'is_server': True, 'key': certs.server.key,
                                     'cert': certs.server.cert})
    assert not s._owned  # no keylog/session listener: the bridge's callbacks stay off
    done = Event()
    s.on('secure', s.end)
    lines = []
    connected = Event()
    plain.on('connect', connected.set)
    connected.wait(5)
    c = tls.connect({'socket': plain, 'servername': 'localhost', 'ca': certs.ca})
    c.on('keylog', lines.append)
    c.on('data', lambda d: None)
    c.on('close', lambda *a: done.set())
    try:
        assert done.wait(10)
    finally:
        srv.close()
    labels = sorted({line.split(b' ')[0] for line in lines})
    assert labels == [b'CLIENT_HANDSHAKE_TRAFFIC_SECRET', b'CLIENT_TRAFFIC_SECRET_0',
                      b'EXPORTER_SECRET', b'SERVER_HANDSHAKE_TRAFFIC_SECRET',
                      b'SERVER_TRAFFIC_SECRET_0']
    assert not _openssl._OWNERS
