"""gnet behind a real HAProxy on loopback (PROXY protocol v2, round robin with checks).

HAProxy's frontend socket is bound by the test and handed over as
``bind fd@N``, so there is no port to guess and no wait for HAProxy to be
ready: connections queue in the socket's backlog until it accepts them.
"""

import signal
import socket

import pytest

from deploy_helpers import Child, echo_roundtrip, gnet_serve, hello, require

pytestmark = [pytest.mark.timeout(60), pytest.mark.slow]

CONFIG = '''
global
    maxconn 200
defaults
    mode tcp
    timeout connect 300ms
    timeout client 20s
    timeout server 20s
    retries 3
    option redispatch 1
frontend fe
    bind fd@{fd}
    default_backend be
backend be
    balance roundrobin
{servers}
'''


@pytest.fixture
def haproxy(tmp_path):
    path = require('haproxy', 'apt-get install -y haproxy')
    started = []

    def start(servers):
        listener = socket.socket()
        listener.bind(('127.0.0.1', 0))
        listener.listen(128)
        config = tmp_path / 'haproxy.cfg'
        config.write_text(CONFIG.format(fd=listener.fileno(), servers='\n'.join(
            '    server %s 127.0.0.1:%d %s' % server for server in servers)))
        check = Child([path, '-c', '-f', str(config)], pass_fds=[listener.fileno()])
        assert check.wait() == 0, check.output()
        child = Child([path, '-db', '-f', str(config)], pass_fds=[listener.fileno()])
        started.append((child, listener))
        return listener.getsockname()
    yield start
    for child, listener in started:
        listener.close()
        child.kill()


def proxied_gnet():
    return gnet_serve('deploy_apps:hello', '--port', 0, '--proxy-protocol', 'v2',
                      '--trusted', '127.0.0.1')


def test_send_proxy_v2_gives_gnet_the_original_client(haproxy):
    server = proxied_gnet()
    try:
        _, port = server.listening()
        front = haproxy([('s1', port, 'send-proxy-v2')])
        conn, info = hello(front, source=('127.0.0.5', 0))
        assert info['remote_address'] == '127.0.0.5'
        assert info['remote_port'] == conn.getsockname()[1]
        assert info['remote_family'] == 'IPv4'
        assert info['proxy_address'] == '127.0.0.1'
        assert echo_roundtrip(conn, b'through haproxy' * 1000) == b'through haproxy' * 1000
        conn.close()
        server.wait_for(r'connection from 127\.0\.0\.5:%d via 127\.0\.0\.1' % info['remote_port'])
    finally:
        server.kill()


def test_round_robin_survives_a_killed_backend(haproxy):
    servers = [proxied_gnet(), proxied_gnet()]
    try:
        ports = [child.listening()[1] for child in servers]
        front = haproxy([('s%d' % i, port, 'send-proxy-v2 check check-send-proxy '
                          'inter 200ms fall 1 rise 1') for i, port in enumerate(ports)])
        conns = [hello(front) for _ in range(6)]
        pids = {info['pid'] for _, info in conns}
        assert pids == {child.proc.pid for child in servers}  # round robin uses both
        victim, survivor = servers
        victim.proc.kill()
        victim.wait()
        payload = bytes(range(256)) * 200
        for conn, info in conns:  # the survivor's connections lose nothing
            if info['pid'] == survivor.proc.pid:
                assert echo_roundtrip(conn, payload) == payload
        for _ in range(20):  # every new connection still succeeds, via the survivor
            conn, info = hello(front)
            assert info['pid'] == survivor.proc.pid
            assert echo_roundtrip(conn, b'ok') == b'ok'
            conn.close()
        for conn, _ in conns:
            conn.close()
        survivor.signal(signal.SIGTERM)
        assert survivor.wait() == 0
    finally:
        for child in servers:
            child.kill()


def test_example_config_is_valid_haproxy():
    import os
    path = require('haproxy', 'apt-get install -y haproxy')
    example = os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'deploy',
                           'haproxy.cfg')
    check = Child([path, '-c', '-f', example])
    assert check.wait() == 0, check.output()


@pytest.mark.parametrize('check', ['check check-send-proxy', 'check'])
def test_health_checks_log_nothing_above_debug(haproxy, check):
    server = gnet_serve('deploy_apps:hello', '--port', 0, '--proxy-protocol', 'v2',
                        '--trusted', '127.0.0.1', '--log-level', 'DEBUG')
    try:
        _, port = server.listening()
        front = haproxy([('s1', port, 'send-proxy-v2 %s inter 50ms' % check)])
        for _ in range(5):  # five health checks seen (each logs a DEBUG line)
            server.wait_for(r'DEBUG gnet: (closed|refused) ')
        conn, info = hello(front)  # real traffic is still INFO
        assert info['proxy_address'] == '127.0.0.1'
        conn.close()
        server.wait_for(r'INFO gnet: closed 127\.0\.0\.1:%d' % info['remote_port'])
        server.signal(signal.SIGTERM)
        assert server.wait() == 0
        output = server.output()
        assert 'WARNING' not in output and 'ERROR' not in output, output
    finally:
        server.kill()
