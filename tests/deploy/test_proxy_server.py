"""A gnet Server with the proxyProtocol option: what 'connection' and 'proxyError' see."""

import gevent
import pytest
from gevent import socket as gsocket
from gevent.queue import Queue

import gnet
from gnet import errors
from gnet.proxy import V2_SIGNATURE, ProxyProtocolError, format_v1, format_v2

pytestmark = pytest.mark.timeout(30)


class Harness:
    """A proxy-protocol server on loopback; each connection reports one dict."""

    def __init__(self, **options):
        self.events = Queue()
        options.setdefault('trustedProxies', ['127.0.0.0/8'])
        self.server = gnet.create_server(options, self._on_connection)
        self.server.on('proxyError', lambda err, info: self.events.put(('proxyError', err, info)))
        self.server.listen(0, '127.0.0.1')
        self.address = ('127.0.0.1', self.server.address()['port'])

    def _on_connection(self, sock):
        first = sock.recv(100)
        self.events.put(('connection', {
            'remote_address': sock.remote_address, 'remote_port': sock.remote_port,
            'remote_family': sock.remote_family, 'proxy_address': sock.proxy_address,
            'proxyAddress': sock.proxyAddress, 'header': sock.proxy_header, 'first': first}))
        sock.end(b'bye')

    def client(self, *chunks):
        conn = gsocket.create_connection(self.address)
        for chunk in chunks:
            conn.sendall(chunk)
        return conn

    def next_event(self):
        return self.events.get(timeout=10)

    def close(self):
        self.server.close()


@pytest.fixture
def harness_factory():
    made = []

    def make(**options):
        made.append(Harness(**options))
        return made[-1]
    yield make
    for harness in made:
        harness.close()


def read_all(conn):
    """Everything until EOF; a reset (unread bytes were discarded) ends it too."""
    data = b''
    while True:
        try:
            chunk = conn.recv(1000)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk


def test_v2_header_reports_the_original_client(harness_factory):
    harness = harness_factory(proxyProtocol='v2')
    conn = harness.client(format_v2(('2001:db8::7', 4242), ('2001:db8::1', 443)) + b'payload')
    kind, info = harness.next_event()
    assert kind == 'connection'
    assert (info['remote_address'], info['remote_port'], info['remote_family']) == \
        ('2001:db8::7', 4242, 'IPv6')
    assert info['proxy_address'] == info['proxyAddress'] == '127.0.0.1'
    assert info['first'] == b'payload'  # the header's bytes never reach the listener
    assert info['header'].destination_port == 443
    assert read_all(conn) == b'bye'


def test_v1_header_sent_in_pieces(harness_factory):
    harness = harness_factory(proxyProtocol='v1')
    line = format_v1(('198.51.100.9', 5555), ('127.0.0.1', 80))
    conn = gsocket.create_connection(harness.address)
    for i in range(0, len(line), 7):  # a slow proxy: the header in 7-byte pieces
        conn.sendall(line[i:i + 7])
        gevent.idle()
    conn.sendall(b'x')
    kind, info = harness.next_event()
    assert kind == 'connection'
    assert (info['remote_address'], info['remote_port'], info['remote_family']) == \
        ('198.51.100.9', 5555, 'IPv4')
    assert info['first'] == b'x'
    conn.close()


@pytest.mark.parametrize('header', [format_v2(command='LOCAL'), format_v1(),
                                    V2_SIGNATURE + b'\x21\x00\x00\x00'])
def test_local_and_unknown_keep_the_proxy_address(harness_factory, header):
    harness = harness_factory(proxyProtocol='any')
    conn = harness.client(header + b'hc')
    kind, info = harness.next_event()
    assert kind == 'connection'
    assert info['remote_address'] == '127.0.0.1' == info['proxy_address']
    assert info['remote_port'] == conn.getsockname()[1]
    conn.close()


def test_untrusted_peer_is_refused_before_reading(harness_factory):
    harness = harness_factory(proxyProtocol='v2', trustedProxies=['10.0.0.0/8', '::1'])
    conn = harness.client(format_v2(('1.2.3.4', 1), ('5.6.7.8', 2)))
    kind, err, info = harness.next_event()
    assert kind == 'proxyError'
    assert isinstance(err, ProxyProtocolError) and err.code == 'ERR_PROXY_PROTOCOL_UNTRUSTED'
    assert info['remoteAddress'] == '127.0.0.1'
    assert info['remotePort'] == conn.getsockname()[1]
    assert read_all(conn) == b''
    assert harness.events.empty()


@pytest.mark.parametrize('mode, data, code', [
    ('v2', b'GET / HTTP/1.1\r\n\r\n', 'ERR_PROXY_PROTOCOL_INVALID'),  # missing header
    ('v1', b'PROXY TCP4 1.2.3.4 1.2.3.4 99999 1\r\n', 'ERR_PROXY_PROTOCOL_INVALID'),
    ('v1', format_v2(('1.2.3.4', 1), ('1.2.3.4', 2)), 'ERR_PROXY_PROTOCOL_INVALID'),
    ('v2', format_v1(('1.2.3.4', 1), ('1.2.3.4', 2)), 'ERR_PROXY_PROTOCOL_INVALID'),
    ('any', b'\x16\x03\x01\x00', 'ERR_PROXY_PROTOCOL_INVALID'),
    ('any', b'PROXY TCP4 1.2.3.4', 'ERR_PROXY_PROTOCOL_CLOSED'),  # then EOF
    ('any', b'', 'ERR_PROXY_PROTOCOL_CLOSED'),
])
def test_bad_header_is_destroyed_with_proxy_error(harness_factory, mode, data, code):
    harness = harness_factory(proxyProtocol=mode)
    conn = harness.client(data)
    conn.shutdown(gsocket.SHUT_WR)
    kind, err, info = harness.next_event()
    assert (kind, err.code) == ('proxyError', code)
    assert info['remoteAddress'] == '127.0.0.1'
    assert read_all(conn) == b''  # destroyed, never treated as data
    conn.close()


def test_header_timeout(harness_factory):
    harness = harness_factory(proxyProtocol='v1', proxyHeaderTimeout=150)
    conn = harness.client(b'PROXY TCP4 ')  # ... and nothing more
    kind, err, _ = harness.next_event()
    assert (kind, err.code) == ('proxyError', 'ERR_PROXY_PROTOCOL_TIMEOUT')
    assert read_all(conn) == b''
    conn.close()


def test_default_header_timeout_is_three_seconds():
    from gnet.proxy import DEFAULT_HEADER_TIMEOUT
    server = gnet.create_server({'proxyProtocol': 'any', 'trustedProxies': '127.0.0.1'})
    assert DEFAULT_HEADER_TIMEOUT == 3000
    assert server._options['_proxyConfig'].timeout == 3.0


@pytest.mark.parametrize('options', [
    {'proxyProtocol': 'v2'},
    {'proxyProtocol': 'v2', 'trustedProxies': []},
    {'proxyProtocol': 'v3', 'trustedProxies': ['127.0.0.1']},
    {'proxyProtocol': 'v2', 'trustedProxies': ['localhost']},
    {'proxyProtocol': 'v2', 'trustedProxies': ['127.0.0.1'], 'proxyHeaderTimeout': 0},
    {'proxyProtocol': 'v2', 'trustedProxies': ['127.0.0.1'], 'proxyHeaderTimeout': 'soon'},
])
def test_bad_options_raise_at_once(options):
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE):
        gnet.create_server(options)


def test_snake_case_keywords():
    server = gnet.create_server(proxy_protocol='v1', trusted_proxies=['127.0.0.1'],
                                proxy_header_timeout=500)
    assert server._options['_proxyConfig'].timeout == 0.5
