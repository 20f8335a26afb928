"""The ``gnet`` command as a real child process: arguments, exit codes, signals."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig

import pytest

from deploy_helpers import child_env, echo_roundtrip, gnet_serve, hello

pytestmark = pytest.mark.timeout(60)


def assert_stops_accepting(address, attempts=500):
    """Poll until a connection is refused (the listener closes right after the log line)."""
    for _ in range(attempts):
        try:
            socket.create_connection(address, timeout=5).close()
        except (ConnectionRefusedError, ConnectionResetError):  # reset: closed mid-handshake
            return
    raise AssertionError('still accepting after %d attempts' % attempts)


def run_gnet(*args, timeout=30):
    return subprocess.run([sys.executable, '-m', 'gnet'] + list(args), capture_output=True,
                          text=True, timeout=timeout, env=child_env())


@pytest.mark.parametrize('args', [
    ['serve', '--port', 'nope'],
    ['serve', '--port', '70000'],
    ['serve', '--port', '1', '--path', '/tmp/x'],
    ['serve', '--proxy-protocol', 'v2'],
    ['serve', '--proxy-protocol', 'v3', '--trusted', '127.0.0.1'],
    ['serve', '--proxy-protocol', 'v1', '--trusted', 'not-a-cidr'],
    ['serve', '--log-level', 'chatty'],
    ['bogus'],
    [],
])
def test_bad_arguments_give_usage_and_exit_2(args):
    result = run_gnet(*args)
    assert result.returncode == 2, result
    assert 'usage: gnet' in result.stderr


def test_console_script_and_module_are_the_same_command():
    # The venv's own script, never a gnet installed elsewhere on PATH.
    script = os.path.join(sysconfig.get_path('scripts'), 'gnet')
    assert os.access(script, os.X_OK), 'no gnet console script in the venv (pip install -e .)'
    assert shutil.which('gnet', path=child_env()['PATH']) == script
    for argv in ([script, 'serve', '--help'], [sys.executable, '-m', 'gnet', 'serve', '--help']):
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30, env=child_env())
        assert result.returncode == 0 and '--graceful-timeout' in result.stdout


def test_unusable_port_prints_node_error_and_exits_1():
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_gnet('serve', '--port', str(port))
    assert result.returncode == 1
    assert 'listen EADDRINUSE: address already in use 127.0.0.1:%d' % port in result.stderr


def test_echo_by_default_prints_where_it_listens_and_logs_connections():
    child = gnet_serve('--port', 0, '--stats-interval', 0.2)
    try:
        address = child.listening()
        with socket.create_connection(address, timeout=10) as conn:
            assert echo_roundtrip(conn, b'hello gnet') == b'hello gnet'
            child.wait_for(r'INFO gnet: connection from 127\.0\.0\.1:%d' % conn.getsockname()[1])
            child.wait_for(r'INFO gnet: 1 connection$')  # the periodic count, singular
        child.wait_for(r'INFO gnet: closed 127\.0\.0\.1:\d+ \(read 10, written 10 bytes\)')
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
    finally:
        child.kill()


def test_sigterm_drains_without_losing_written_bytes():
    child = gnet_serve('--port', 0, '--graceful-timeout', 20)
    try:
        address = child.listening()
        clients = [socket.create_connection(address, timeout=10) for _ in range(5)]
        payloads = [os.urandom(50000 + i) for i in range(len(clients))]
        for conn, payload in zip(clients, payloads):
            conn.sendall(payload)  # written before the signal, not read back yet
        child.signal(signal.SIGTERM)
        child.wait_for(r'stopping on SIGTERM: waiting up to 20s for 5 connections')
        assert_stops_accepting(address)
        for conn, payload in zip(clients, payloads):
            conn.sendall(b'after')
            expected = payload + b'after'
            got = echo_roundtrip(conn, b'')
            while len(got) < len(expected):
                chunk = conn.recv(65536)
                assert chunk, 'connection closed early'
                got += chunk
            assert got == expected
            conn.shutdown(socket.SHUT_WR)
            assert conn.recv(10) == b''  # the server ends its side too
            conn.close()
        assert child.wait() == 0
    finally:
        child.kill()


def test_graceful_timeout_destroys_the_connections_left():
    child = gnet_serve('--port', 0, '--graceful-timeout', 0.3)
    try:
        conn = socket.create_connection(child.listening(), timeout=10)
        assert echo_roundtrip(conn, b'x') == b'x'
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        assert conn.recv(10) == b''
        assert 'closed 127.0.0.1' in child.output()  # 'close' fired on the socket
        conn.close()
    finally:
        child.kill()


def test_second_sigint_exits_at_once():
    child = gnet_serve('--port', 0, '--graceful-timeout', 60)
    try:
        conn = socket.create_connection(child.listening(), timeout=10)
        assert echo_roundtrip(conn, b'x') == b'x'
        child.signal(signal.SIGINT)
        child.wait_for(r'stopping on SIGINT: waiting up to 60s for 1 connection$')
        child.signal(signal.SIGINT)
        assert child.wait(10) == 130
        conn.close()
    finally:
        child.kill()


@pytest.mark.parametrize('target', ['deploy_apps:hello', 'deploy_apps:make_server'])
def test_module_listener_or_factory(target):
    child = gnet_serve(target, '--port', 0)
    try:
        conn, info = hello(child.listening())
        assert info['pid'] == child.proc.pid
        assert info['remote_address'] == '127.0.0.1'
        assert echo_roundtrip(conn, b'ping') == b'ping'
        conn.close()
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
    finally:
        child.kill()


def test_unloadable_module_exits_1():
    result = run_gnet('serve', 'no_such_module_here:listener', '--port', '0')
    assert result.returncode == 1
    assert 'no_such_module_here' in result.stderr


def test_unix_socket_path(tmp_path):
    path = str(tmp_path / 'gnet.sock')
    child = gnet_serve('--path', path)
    try:
        child.wait_for(r'gnet listening on ' + path.replace('.', r'\.'))
        with socket.socket(socket.AF_UNIX) as conn:
            conn.settimeout(10)
            conn.connect(path)
            assert echo_roundtrip(conn, b'unix') == b'unix'
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        assert not os.path.exists(path)
    finally:
        child.kill()


def test_reuse_port_lets_independent_processes_share_a_port():
    first = gnet_serve('deploy_apps:hello', '--port', 0, '--reuse-port')
    second = None
    try:
        address = first.listening()
        second = gnet_serve('deploy_apps:hello', '--port', address[1], '--reuse-port')
        assert second.listening() == address
        pids = set()
        conns = []
        for _ in range(200):  # the kernel hashes each connection to one of the two
            conn, info = hello(address)
            conns.append(conn)
            pids.add(info['pid'])
            if len(pids) == 2:
                break
        assert pids == {first.proc.pid, second.proc.pid}
        for conn in conns:
            conn.close()
        for child in (first, second):
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
    finally:
        first.kill()
        if second is not None:
            second.kill()


def test_workers_without_gunicorn_says_how_to_install_it(tmp_path):
    fake = tmp_path / 'gunicorn'
    fake.mkdir()
    (fake / '__init__.py').write_text('raise ImportError("no gunicorn here")\n')
    env = child_env()
    env['PYTHONPATH'] = str(tmp_path) + os.pathsep + env['PYTHONPATH']
    result = subprocess.run([sys.executable, '-m', 'gnet', 'serve', '--workers', '2'],
                            capture_output=True, text=True, timeout=30, env=env)
    assert result.returncode == 2
    assert "pip install 'gevent-gnet[gunicorn]'" in result.stderr
