"""Faults around ``gnet serve`` never stop a drain or a shutdown, and are shown once.

Each test drives the real command in a child process: a systemd notify
socket that is missing or went away, a user listener that raises, stdout
and stderr that are gone, a second SIGTERM, the graceful timeout running
out.
"""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from deploy_helpers import child_env, echo_roundtrip, gnet_serve

pytestmark = pytest.mark.timeout(60)


def notify_receiver(path):
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(path)
    receiver.settimeout(20)
    return receiver


def notify_lines(child):
    return [line for line in child.err if 'NOTIFY_SOCKET' in line]


def test_sigterm_stops_the_server_when_the_notify_socket_went_away(tmp_path):
    path = str(tmp_path / 'notify')
    receiver = notify_receiver(path)
    child = gnet_serve('--port', 0, '--graceful-timeout', 30, env=child_env(NOTIFY_SOCKET=path))
    try:
        address = child.listening()
        assert receiver.recv(1000).startswith(b'READY=1\n')
        receiver.close()
        os.unlink(path)  # systemd restarted: the socket is gone
        conn = socket.create_connection(address, timeout=10)
        assert echo_roundtrip(conn, b'x') == b'x'
        child.signal(signal.SIGTERM)
        child.wait_for(r'stopping on SIGTERM: waiting up to 30s for 1 connection$')
        conn.close()  # the drain ends with the last connection
        assert child.wait(20) == 0
        output = child.output()
        assert len(notify_lines(child)) == 1, output
        assert 'cannot notify systemd (STOPPING=1) at NOTIFY_SOCKET=%s' % path in output
        assert 'Traceback' not in output
        assert 'INFO gnet: stopped' in output
    finally:
        child.kill()


def test_a_second_sigterm_closes_the_rest_at_once(tmp_path):
    path = str(tmp_path / 'notify')
    receiver = notify_receiver(path)
    child = gnet_serve('--port', 0, '--graceful-timeout', 300, env=child_env(NOTIFY_SOCKET=path))
    try:
        conn = socket.create_connection(child.listening(), timeout=10)
        assert receiver.recv(1000).startswith(b'READY=1\n')
        receiver.close()
        os.unlink(path)
        assert echo_roundtrip(conn, b'x') == b'x'
        child.signal(signal.SIGTERM)
        child.wait_for(r'stopping on SIGTERM: waiting up to 300s for 1 connection$')
        child.signal(signal.SIGTERM)
        child.wait_for(r'WARNING gnet: second SIGTERM: closing 1 connection now')
        assert conn.recv(10) == b''  # closed by the server, long before 300 s
        assert child.wait(20) == 0
        assert len(notify_lines(child)) == 1
        conn.close()
    finally:
        child.kill()


def test_notify_socket_at_a_missing_path_is_one_clear_message(tmp_path):
    missing = str(tmp_path / 'no-such-notify-socket')
    child = gnet_serve('--port', 0, env=child_env(NOTIFY_SOCKET=missing))
    try:
        address = child.listening()
        with socket.create_connection(address, timeout=10) as conn:  # still serving
            assert echo_roundtrip(conn, b'alive') == b'alive'
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        lines = notify_lines(child)
        assert len(lines) == 1, child.output()
        assert ('ERROR gnet: cannot notify systemd (READY=1) at NOTIFY_SOCKET=%s: No such file '
                'or directory; serving goes on' % missing) in lines[0]
        assert 'unset NOTIFY_SOCKET' in lines[0]
        assert 'Traceback' not in child.output()
    finally:
        child.kill()


@pytest.mark.parametrize('target, send, frame, error, faults', [
    ('deploy_apps:buggy', b'x', 'raise_the_bug', "KeyError: \"bug in user code: b'x'\"", 1),
    ('deploy_apps:buggy_connection', b'', 'buggy_connection',
     'ValueError: bug in the connection listener', 2),  # the second connection fails too
])
def test_a_bug_in_a_listener_is_logged_with_its_traceback(target, send, frame, error, faults):
    child = gnet_serve(target, '--port', 0)
    try:
        address = child.listening()
        with socket.create_connection(address, timeout=10) as conn:
            conn.sendall(send)
            data = b''
            while True:  # the failing connection is destroyed: EOF or a reset
                try:
                    chunk = conn.recv(100)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                data += chunk
            assert data == (b'got x' if send else b'')
        child.wait_for(error)
        with socket.create_connection(address, timeout=10):
            pass  # the server goes on
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        output = child.output()
        assert output.count('Traceback (most recent call last)') == faults, output
        assert output.count(error) == faults
        assert output.count('ERROR gnet: connection 127.0.0.1:') == faults
        assert 'in %s\n' % frame in output
        assert 'WARNING' not in output  # not reported as a network error
    finally:
        child.kill()


def test_the_forced_close_at_the_graceful_timeout_is_logged():
    child = gnet_serve('--port', 0, '--graceful-timeout', 0.3)
    try:
        conn = socket.create_connection(child.listening(), timeout=10)
        assert echo_roundtrip(conn, b'x') == b'x'
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        assert 'WARNING gnet: graceful timeout (0.3s): closing 1 connection\n' in child.output()
        assert conn.recv(10) == b''
        conn.close()
    finally:
        child.kill()


def connect_unix(path, proc, timeout=20):
    """Connect once the child listens on *path* (polls with a deadline)."""
    deadline = time.monotonic() + timeout
    while True:
        conn = socket.socket(socket.AF_UNIX)
        conn.settimeout(10)
        try:
            conn.connect(path)
            return conn
        except (FileNotFoundError, ConnectionRefusedError):
            conn.close()
            assert proc.poll() is None, 'the server exited (%s)' % proc.returncode
            assert time.monotonic() < deadline, 'never listened on %s' % path
            time.sleep(0.01)


def test_stdout_and_stderr_gone_do_not_stop_serving_or_stopping(tmp_path):
    path = str(tmp_path / 'gnet.sock')
    proc = subprocess.Popen([sys.executable, '-m', 'gnet', 'serve', '--path', path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    try:
        proc.stdout.close()  # the log destinations go away before the first line
        proc.stderr.close()
        with connect_unix(path, proc) as conn:
            assert echo_roundtrip(conn, b'no logs') == b'no logs'
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
        assert not os.path.exists(path)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_a_bug_in_a_server_listener_still_drains_then_exits_1():
    child = gnet_serve('deploy_apps:make_server_with_buggy_close', '--port', 0)
    try:
        conn = socket.create_connection(child.listening(), timeout=10)
        conn.recv(1000)  # the hello line
        child.signal(signal.SIGTERM)
        child.wait_for(r'stopping on SIGTERM: waiting up to 30s for 1 connection$')
        assert echo_roundtrip(conn, b'still served') == b'still served'
        conn.close()  # the drain ends; 'close' fires and its listener raises
        assert child.wait(20) == 1
        output = child.output()
        assert output.count('Traceback (most recent call last)') == 1, output
        assert 'ERROR gnet: uncaught exception in a listener of the server' in output
        assert 'RuntimeError: bug in a close listener' in output
        assert 'in on_close\n' in output  # where it was raised, not where it surfaced
        assert 'INFO gnet: stopped' in output
    finally:
        child.kill()
