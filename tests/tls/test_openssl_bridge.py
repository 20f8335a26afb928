"""gnet.tls._openssl: the layout check, the refusal when it cannot load, and
that callbacks leave no socket behind in its registry."""
import ssl

import pytest
from gevent.event import AsyncResult

from gnet import tls
from gnet.tls import _openssl
from gnet.tls._errors import TLSError

pytestmark = pytest.mark.timeout(30)


def test_the_pointers_are_openssls():
    assert _openssl.AVAILABLE
    assert _openssl._self_check(_openssl._lib)
    # a wrong offset is caught: PySSLSocket's first field is a weakref, not the SSL*
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    tls_obj = context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname='x')
    wrong = _openssl._p.from_address(id(tls_obj._sslobj) + _openssl._PTR_OFFSET).value
    assert _openssl._lib.SSL_get_SSL_CTX(_openssl._ssl(tls_obj)) == _openssl._ctx(context)
    assert wrong != _openssl._ssl(tls_obj)


def test_without_the_bridge_features_refuse(monkeypatch):
    monkeypatch.setattr(_openssl, '_lib', None)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    tls_obj = context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname='x')
    for call in (lambda: _openssl.export_keying_material(tls_obj, 8, b'x', None),
                 lambda: _openssl.finished(tls_obj),
                 lambda: _openssl.session_bytes(tls_obj),
                 lambda: _openssl.enable_keylog(context),
                 lambda: _openssl.set_ticket_keys(context, bytes(48))):
        with pytest.raises(TLSError) as info:
            call()
        assert info.value.code == 'ERR_TLS_FEATURE_UNAVAILABLE'


def test_registry_is_empty_after_keylog_connections(certs):
    server_closed = []

    def on_secure(s):
        s.on('close', lambda *a: server_closed.append(True))
        s.end(b'x')
    srv = tls.create_server({'key': certs.server.key, 'cert': certs.server.cert}, on_secure)
    lines = []
    srv.on('keylog', lambda line, s: lines.append(line))
    srv.listen(0, '127.0.0.1')
    try:
        for _ in range(5):
            closed = AsyncResult()
            c = tls.connect({'port': srv.address()['port'], 'host': '127.0.0.1',
                             'servername': 'localhost', 'ca': certs.ca})
            c.on('keylog', lines.append)
            c.on('session', lambda s: None)
            c.on('data', lambda d: None)
            c.on('close', lambda *a: closed.set(True))
            closed.get(timeout=10)
        all_closed = AsyncResult()
        srv.close(lambda *a: all_closed.set(True))  # after the last connection closed
        all_closed.get(timeout=10)
    finally:
        srv.close()
    assert len(server_closed) == 5
    assert len(lines) >= 5 * 10  # TLS 1.3: five lines per side and connection
    assert all(line.endswith(b'\n') for line in lines)
    assert not _openssl._OWNERS
