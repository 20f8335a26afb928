"""systemd's protocols without systemd: socket activation (LISTEN_*) and sd_notify.

A child is started the way systemd starts a service: a parent binds the
socket, puts it at fd 3, sets LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES (and
NOTIFY_SOCKET) and execs the program, keeping its pid.
"""

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from deploy_helpers import Child, child_env, echo_roundtrip

from gnet import listen_fds
from gnet.deploy.systemd import listen_fds_with_names, sd_notify

pytestmark = pytest.mark.timeout(60)

#: What systemd does between fork() and exec(), as a tiny program.
LAUNCHER = r'''
import os, sys
fds = [int(x) for x in sys.argv[1].split(',')]
for i, fd in enumerate(fds):
    os.dup2(fd, 3 + i)
os.environ['LISTEN_FDS'] = str(len(fds))
os.environ['LISTEN_PID'] = str(os.getpid())  # exec keeps the pid
os.environ['LISTEN_FDNAMES'] = sys.argv[2]
os.execv(sys.executable, [sys.executable] + sys.argv[3:])
'''


def launch(fds, names, argv, env=None):
    return Child([sys.executable, '-c', LAUNCHER, ','.join(map(str, fds)), names] + argv,
                 env=env or child_env(), pass_fds=fds)


def test_listen_fds_ignores_another_pids_variables(monkeypatch):
    monkeypatch.setenv('LISTEN_FDS', '2')
    monkeypatch.setenv('LISTEN_PID', str(os.getpid() + 1))
    assert listen_fds() == []
    assert 'LISTEN_FDS' not in os.environ and 'LISTEN_PID' not in os.environ


def test_listen_fds_without_systemd_is_empty(monkeypatch):
    for name in ('LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES'):
        monkeypatch.delenv(name, raising=False)
    assert listen_fds() == [] and listen_fds_with_names() == []
    monkeypatch.setenv('LISTEN_FDS', 'x')
    monkeypatch.setenv('LISTEN_PID', str(os.getpid()))
    assert listen_fds(unset_environment=False) == []
    assert os.environ['LISTEN_FDS'] == 'x'


def test_listen_fds_in_an_activated_process():
    socks = [socket.socket() for _ in range(2)]
    try:
        for sock in socks:
            sock.bind(('127.0.0.1', 0))
            sock.listen()
        code = ('import json, os, socket, gnet.deploy.systemd as s; '
                'got = s.listen_fds_with_names(); '
                'print(json.dumps([got, [socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM)'
                '.getsockname()[1] for fd, _ in got], [os.get_inheritable(fd) for fd, _ in got], '
                '"LISTEN_FDS" in os.environ]), flush=True)')
        child = launch([s.fileno() for s in socks], 'web:admin', ['-c', code])
        assert child.wait() == 0, child.output()
        got, ports, inheritable, still_set = json.loads(child.out[-1])
        assert got == [[3, 'web'], [4, 'admin']]
        assert ports == [s.getsockname()[1] for s in socks]
        assert inheritable == [False, False] and not still_set
    finally:
        for sock in socks:
            sock.close()


def test_sd_notify(tmp_path, monkeypatch):
    monkeypatch.delenv('NOTIFY_SOCKET', raising=False)
    assert sd_notify('READY=1') is False
    for address in (str(tmp_path / 'notify'), '@gnet-test-%d' % os.getpid()):
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as receiver:
            receiver.bind(address if address[0] != '@' else '\0' + address[1:])
            receiver.settimeout(10)
            monkeypatch.setenv('NOTIFY_SOCKET', address)
            assert sd_notify('READY=1') is True
            assert receiver.recv(100) == b'READY=1'


def test_gnet_serve_fd_3_socket_activated_with_notify(tmp_path):
    notify_path = str(tmp_path / 'notify')
    with socket.socket() as listener, \
            socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
        listener.bind(('127.0.0.1', 0))
        listener.listen()
        address = listener.getsockname()
        notify.bind(notify_path)
        notify.settimeout(20)
        child = launch([listener.fileno()], 'gnet',
                       ['-m', 'gnet', 'serve', '--fd', '3'],
                       env=child_env(NOTIFY_SOCKET=notify_path))
        listener.close()  # only the service holds the socket now, as with systemd
        try:
            ready = notify.recv(1000).decode()
            assert ready.startswith('READY=1\n')
            assert 'STATUS=listening on 127.0.0.1:%d' % address[1] in ready
            assert child.listening() == address
            with socket.create_connection(address, timeout=10) as conn:
                assert echo_roundtrip(conn, b'activated') == b'activated'
            child.signal(signal.SIGTERM)
            assert notify.recv(1000) == b'STOPPING=1'
            assert child.wait() == 0
        finally:
            child.kill()


def test_bad_fd_is_a_listen_error():
    result = subprocess.run([sys.executable, '-m', 'gnet', 'serve', '--fd', '987'],
                            capture_output=True, text=True, timeout=30, env=child_env())
    assert result.returncode == 1
    assert result.stderr.startswith('Error: listen E')


@pytest.mark.slow
def test_gnet_serve_fd_3_with_workers():
    pytest.importorskip('gunicorn')
    with socket.socket() as listener:
        listener.bind(('127.0.0.1', 0))
        listener.listen()
        address = listener.getsockname()
        child = launch([listener.fileno()], 'gnet',
                       ['-m', 'gnet', 'serve', 'deploy_apps:hello', '--fd', '3', '--workers', '2'])
        listener.close()
        try:
            assert child.listening() == address
            from test_gunicorn import wait_serving
            wait_serving(child, 2)
            pids = set()
            for _ in range(50):
                with socket.create_connection(address, timeout=10) as conn:
                    info = json.loads(conn.makefile('rb').readline())
                    pids.add(info['pid'])
                if len(pids) == 2:
                    break
            assert len(pids) == 2 and child.proc.pid not in pids
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
        finally:
            child.kill()
