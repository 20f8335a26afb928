"""What ``gnet serve`` writes, as a person reads it: addresses, counts, no repetition.

Also that ``import gnet`` reaches its subpackages lazily (``gnet.tls``,
``gnet.proxy``, ...) without importing them up front.
"""

import signal
import socket
import subprocess
import sys

import pytest

from deploy_helpers import child_env, echo_roundtrip, gnet_serve

pytestmark = pytest.mark.timeout(60)


def test_ipv6_addresses_are_bracketed():
    if not socket.has_ipv6:
        pytest.skip('no IPv6 on this machine')
    child = gnet_serve('--host', '::1', '--port', 0)
    try:
        where = child.wait_for(r'gnet listening on (\S+)').group(1)
        port = int(where.rpartition(':')[2])
        assert where == '[::1]:%d' % port
        with socket.create_connection(('::1', port), timeout=10) as conn:
            assert echo_roundtrip(conn, b'v6') == b'v6'
            mine = conn.getsockname()[1]
        child.wait_for(r'INFO gnet: closed \[::1\]:%d \(read 2, written 2 bytes\)' % mine)
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        assert 'INFO gnet: connection from [::1]:%d\n' % mine in child.output()
        assert 'INFO gnet: listening on [::1]:%d\n' % port in child.output()
    finally:
        child.kill()


def test_a_refused_proxy_header_is_said_once():
    child = gnet_serve('--port', 0, '--proxy-protocol', 'v1', '--trusted', '10.9.9.9')
    try:
        address = child.listening()
        with socket.create_connection(address, timeout=10) as conn:
            conn.sendall(b'PROXY TCP4 192.0.2.1 127.0.0.1 1 2\r\n')
            try:  # destroyed unread: an EOF, or a reset since our bytes were unread
                assert conn.recv(10) == b''
            except ConnectionResetError:
                pass
            mine = conn.getsockname()[1]
        line = child.wait_for(r'WARNING gnet: refused .*').group(0)
        assert line == ('WARNING gnet: refused 127.0.0.1:%d: PROXY protocol: 127.0.0.1 is not a '
                        'trusted proxy' % mine)
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
    finally:
        child.kill()


def test_counts_are_worded_for_one_and_many():
    child = gnet_serve('--port', 0, '--graceful-timeout', 0.2)
    try:
        address = child.listening()
        conns = [socket.create_connection(address, timeout=10) for _ in range(2)]
        for conn in conns:
            assert echo_roundtrip(conn, b'.') == b'.'
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        output = child.output()
        assert 'stopping on SIGTERM: waiting up to 0.2s for 2 connections\n' in output
        assert 'graceful timeout (0.2s): closing 2 connections\n' in output
        for conn in conns:
            conn.close()
    finally:
        child.kill()


def test_import_gnet_reaches_subpackages_lazily():
    code = ('import sys, gnet\n'
            'assert "gnet.tls" not in sys.modules and "gnet.proxy" not in sys.modules\n'
            'assert "gnet.deploy" not in sys.modules\n'
            'print(gnet.tls.TLSSocket.__name__, gnet.proxy.parse_proxy_header.__name__,\n'
            '      gnet.deploy.__name__, gnet.legacy.__name__, gnet.listen_fds.__name__)\n'
            'try:\n    gnet.no_such_thing\nexcept AttributeError as exc:\n    print(exc)\n')
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                            timeout=30, env=child_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'TLSSocket parse_proxy_header gnet.deploy gnet.legacy listen_fds',
        "module 'gnet' has no attribute 'no_such_thing'"]
