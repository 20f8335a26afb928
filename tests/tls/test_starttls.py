"""STARTTLS (gnet.tls.starttls): what the Node scenario cannot pin down.

tests/conformance/tls_starttls_both_sides pins the events against Node;
here: bytes the plain socket had already read are the TLS layer's first,
bad arguments, a failed upgrade, and that nothing is left behind.
"""
import gevent
import pytest
from gevent.event import AsyncResult, Event

import gnet
from gnet import errors, tls
from gnet.tls._errors import TLSError

pytestmark = pytest.mark.timeout(30)


def _wait_until(predicate, timeout=5):
    with gevent.Timeout(timeout):
        while not predicate():
            gevent.sleep(0.005)


@pytest.fixture
def plain_pair():
    """(server-side plain socket, client-side plain socket, server), both connected."""
    accepted = AsyncResult()
    srv = gnet.create_server(accepted.set)
    srv.listen(0, '127.0.0.1')
    client = gnet.connect(srv.address()['port'], '127.0.0.1')
    server_side = accepted.get(timeout=5)
    connected = Event()
    if client.connecting:
        client.once('connect', connected.set)
    else:
        connected.set()
    connected.wait(5)
    yield server_side, client, srv
    for sock in (server_side, client):
        sock.destroy()
    srv.close()


def test_a_client_hello_already_read_ahead_is_not_lost(certs, plain_pair):
    server_plain, client_plain, _srv = plain_pair
    secured = AsyncResult()
    c = tls.connect({'socket': client_plain, 'servername': 'localhost', 'ca': certs.ca})
    c.on('error', secured.set_exception)
    # No 'data' listener on the server's plain socket: it reads one chunk ahead,
    # the ClientHello, into its buffer.
    _wait_until(lambda: server_plain.readable_length > 0)
    # (Python's spelling of the options works too: is_server, secure_context)
    context = tls.create_secure_context({'key': certs.server.key, 'cert': certs.server.cert})
    s = tls.TLSSocket(server_plain, {'is_server': True, 'secure_context': context})
    assert server_plain.readable_length == 0
    s.on('secure', lambda: s.end(b'over tls'))
    got = AsyncResult()
    c.on('data', got.set)
    assert got.get(timeout=10) == b'over tls'
    assert c.authorized is True


def test_plain_sockets_close_with_the_tls_ones_and_their_drivers_end(certs, plain_pair):
    server_plain, client_plain, srv = plain_pair
    order = []
    closed = Event()
    s = tls.TLSSocket(server_plain, {'isServer': True, 'key': certs.server.key,
                                     'cert': certs.server.cert})
    s.on('secure', s.end)
    server_plain.on('close', lambda *a: order.append('plain'))
    s.on('close', lambda *a: (order.append('tls'), closed.set()))
    c = tls.connect({'socket': client_plain, 'servername': 'localhost', 'ca': certs.ca})
    c.on('data', lambda d: None)
    closed.wait(10)
    assert order == ['plain', 'tls']
    _wait_until(lambda: server_plain._driver is None and s._driver is None)
    count = AsyncResult()
    srv.get_connections(lambda err, n: count.set(n))
    assert count.get(timeout=5) == 0  # the plain socket left the server's registry


def test_a_failed_upgrade_is_the_tls_sockets_error(certs, plain_pair):
    server_plain, client_plain, _srv = plain_pair
    failed = AsyncResult()
    s = tls.TLSSocket(server_plain, {'isServer': True, 'key': certs.server.key,
                                     'cert': certs.server.cert})
    done = Event()
    s.on('error', failed.set)
    s.on('close', lambda *a: done.set())
    client_plain.write(b'this is not a ClientHello\r\n\r\n')
    err = failed.get(timeout=10)
    assert isinstance(err, TLSError) and err.code.startswith('ERR_SSL_')
    assert done.wait(5)
    assert server_plain.destroyed


def test_bad_arguments():
    with pytest.raises(TypeError) as info:
        tls.TLSSocket(object(), {'isServer': True})
    assert info.value.code == 'ERR_INVALID_ARG_TYPE'
    closed = gnet.Socket()
    closed.destroy()
    with pytest.raises(errors.ERR_SOCKET_CLOSED):
        tls.TLSSocket(closed, {'isServer': True})


@pytest.mark.parametrize('name', ['SNICallback', 'ALPNCallback', 'server'])
def test_options_that_need_a_tls_server_are_refused(plain_pair, name):
    server_plain, _client, _srv = plain_pair
    with pytest.raises(TLSError) as info:
        tls.TLSSocket(server_plain, {'isServer': True, name: lambda *a: None})
    assert info.value.code == 'ERR_TLS_OPTION_UNSUPPORTED'
    assert not server_plain.destroyed and server_plain._raw is not None  # left as it was


def test_blocking_style_upgrade_against_a_gevent_ssl_client(certs):
    """A handler that reads the command, upgrades and reads again, all blocking;
    its first recv() waits for the handshake its TLSSocket's driver runs."""
    from gevent import socket as gsocket
    from gevent import ssl as gssl
    got = AsyncResult()

    def handle(sock):
        assert sock.recv(100) == b'STARTTLS\n'
        sock.sendall(b'GO\n')
        t = tls.TLSSocket(sock, {'isServer': True, 'key': certs.server.key,
                                 'cert': certs.server.cert})
        data = t.recv(100)
        t.sendall(b'echo:' + data)
        got.set(data)
    srv = gnet.create_server(handle)
    srv.listen(0, '127.0.0.1')
    try:
        raw = gsocket.create_connection(('127.0.0.1', srv.address()['port']))
        raw.sendall(b'STARTTLS\n')
        assert raw.recv(10) == b'GO\n'
        context = gssl.SSLContext(gssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(cadata=certs.ca)
        client = context.wrap_socket(raw, server_hostname='localhost')
        client.sendall(b'hello')
        assert client.recv(100) == b'echo:hello'
        assert got.get(timeout=10) == b'hello'
        client.close()
    finally:
        srv.close()
