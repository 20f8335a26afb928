"""``gnet serve --workers N`` is the same program as one process, and GnetWorker's duties.

The equivalence tests run the same scenario in both modes and compare
what a person sees: replies, limits, messages and exit codes. Then what
gunicorn's own gevent worker does and GnetWorker must do too: honour
``--max-requests``, act on a TERM that arrives while it boots, survive a
worker killed under it.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from deploy_helpers import Child, child_env, echo_roundtrip, gnet_serve, read_line, require
from test_gunicorn import NO_CONTROL_SOCKET, gunicorn_address, wait_serving

pytestmark = [pytest.mark.timeout(90), pytest.mark.slow]

MODES = {'one process': [], 'workers': ['--workers', '1']}


@pytest.fixture(autouse=True)
def _gunicorn():
    require('gunicorn', "pip install 'gevent-gnet[gunicorn]'")


def limits(address):
    conn = socket.create_connection(address, timeout=10)
    return conn, json.loads(read_line(conn))


def run_gnet(*args, cwd=None):
    return subprocess.run([sys.executable, '-m', 'gnet', 'serve'] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=60, env=child_env(), cwd=cwd)


def scrub(text):
    """*text* without what differs between runs: times, pids, ports, gunicorn's own lines."""
    lines = [line for line in text.splitlines() if not line.startswith('[')]
    text = '\n'.join(re.sub(r'^\S+ \S+ \[\d+\] ', '', line) for line in lines)
    return re.sub(r'pid \d+|:\d{4,5}\b', 'N', text)


@pytest.mark.parametrize('extra, expected', [([], None), (['--max-connections', '2'], 2)])
def test_same_limits_and_replies_in_both_modes(extra, expected):
    seen = {}
    for mode, flags in MODES.items():
        child = gnet_serve('deploy_apps:limits', '--port', 0, *(flags + extra))
        try:
            address = child.listening()
            conn, info = limits(address)
            assert info['pid'] != child.proc.pid if flags else info['pid'] == child.proc.pid
            assert echo_roundtrip(conn, b'same') == b'same'
            if expected:  # one more than the limit is dropped, and logged the same way
                extra_conns = [socket.create_connection(address, timeout=10)
                               for _ in range(expected)]
                for extra_conn in extra_conns[expected - 1:]:
                    assert extra_conn.recv(100) == b''
                child.wait_for(r'WARNING gnet: dropped a connection over maxConnections '
                               r'\(%d\) from 127\.0\.0\.1:\d+' % expected)
                for extra_conn in extra_conns:
                    extra_conn.close()
            conn.close()
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
            seen[mode] = info['max_connections']
        finally:
            child.kill()
    assert seen == {'one process': expected, 'workers': expected}


def test_same_error_for_a_busy_port_in_both_modes():
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        results = {}
        for mode, flags in MODES.items():
            started = time.monotonic()
            results[mode] = run_gnet('--port', port, *flags)
            assert time.monotonic() - started < 20  # no gunicorn retries
    message = 'Error: listen EADDRINUSE: address already in use 127.0.0.1:%d\n' % port
    for mode, result in results.items():
        assert result.returncode == 1, (mode, result)
        assert result.stderr == message, (mode, result.stderr)


def test_same_exit_code_and_one_traceback_for_a_bad_module(tmp_path):
    (tmp_path / 'baddep.py').write_text('import no_such_dependency_here\n')
    outputs = {}
    for mode, flags in MODES.items():
        result = run_gnet('baddep', '--port', 0, *flags, cwd=tmp_path)
        assert result.returncode == 1, (mode, result.stderr)
        assert result.stderr.count('Traceback (most recent call last)') == 1, result.stderr
        assert result.stderr.count("No module named 'no_such_dependency_here'") == 1
        outputs[mode] = scrub(result.stderr)
    assert outputs['one process'] == outputs['workers']


def test_same_log_lines_for_a_connection_in_both_modes():
    logs = {}
    for mode, flags in MODES.items():
        child = gnet_serve('--port', 0, '--graceful-timeout', 4.5, '--stats-interval', 0.2,
                           *flags)
        try:
            address = child.listening()
            if flags:
                wait_serving(child, 1)
            with socket.create_connection(address, timeout=10) as conn:
                assert echo_roundtrip(conn, b'12345') == b'12345'
                child.wait_for(r'INFO gnet: 1 connection$')  # --stats-interval 0.2
            child.wait_for(r'closed 127\.0\.0\.1:\d+ \(read 5, written 5 bytes\)')
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
            wanted = ('connection from', 'closed', 'stopping on', 'stopped')
            logs[mode] = [scrub(line) for line in child.err
                          if 'gnet:' in line and any(word in line for word in wanted)]
        finally:
            child.kill()
    assert logs['one process'] == logs['workers']
    assert logs['workers'] == [
        'INFO gnet: connection from 127.0.0.1N',
        'INFO gnet: closed 127.0.0.1N (read 5, written 5 bytes)',
        'INFO gnet: stopping on SIGTERM: waiting up to 4.5s for 0 connections',
        'INFO gnet: stopped']


def test_worker_connections_only_when_set():
    for flags, expected in (([], None), (['--worker-connections', '7'], 7)):
        child = Child([sys.executable, '-m', 'gunicorn', '-k', 'gnet.gunicorn.GnetWorker',
                       'deploy_apps:limits', '-w', '1', '-b', '127.0.0.1:0']
                      + NO_CONTROL_SOCKET + flags)
        try:
            address = gunicorn_address(child)
            conn, info = limits(address)
            assert info['max_connections'] == expected
            conn.close()
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
        finally:
            child.kill()


@pytest.mark.parametrize('command', ['gunicorn', 'gnet serve'])
def test_max_requests_restarts_the_worker_after_n_connections(command):
    if command == 'gunicorn':
        child = Child([sys.executable, '-m', 'gunicorn', '-k', 'gnet.gunicorn.GnetWorker',
                       'deploy_apps:limits', '-w', '1', '-b', '127.0.0.1:0',
                       '--max-requests', '2'] + NO_CONTROL_SOCKET)
    else:
        child = gnet_serve('deploy_apps:limits', '--workers', 1, '--port', 0,
                           '--max-requests', 2)
    try:
        address = gunicorn_address(child) if command == 'gunicorn' else child.listening()
        pids = []
        for _ in range(6):
            conn, info = limits(address)
            conn.close()
            pids.append(info['pid'])
        assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4] == pids[5], pids
        assert len(set(pids)) == 3
        assert child.proc.pid not in pids
        child.wait_for(r'worker %d handled 2 connections \(max requests\): restarting' % pids[0])
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
    finally:
        child.kill()


POST_FORK_SLOW = '''
import time
def post_fork(server, worker):
    print('post_fork %d' % worker.pid, flush=True)
    time.sleep(1.5)  # a TERM now reaches the master's inherited handler
'''


def test_term_to_a_booting_worker_is_not_lost(tmp_path):
    config = tmp_path / 'slow_boot.py'
    config.write_text(POST_FORK_SLOW)
    child = Child([sys.executable, '-m', 'gunicorn', '-k', 'gnet.gunicorn.GnetWorker',
                   'deploy_apps:limits', '-w', '1', '-b', '127.0.0.1:0', '-c', str(config),
                   '--graceful-timeout', '30'] + NO_CONTROL_SOCKET)
    try:
        booting = int(child.wait_for(r'post_fork (\d+)').group(1))
        os.kill(booting, signal.SIGTERM)
        port = re.search(r'Listening at: http://127\.0\.0\.1:(\d+)', child.output()).group(1)
        address = ('127.0.0.1', int(port))
        child.wait_for(r'worker %d got SIGTERM while booting' % booting)
        child.wait_for(r'Worker exiting \(pid: %d\)' % booting)
        conn, info = limits(address)  # its successor serves
        assert info['pid'] != booting
        conn.close()
        child.signal(signal.SIGTERM)
        assert child.wait(20) == 0
    finally:
        child.kill()


def test_sigterm_right_after_start_stops_within_seconds():
    child = gnet_serve('deploy_apps:limits', '--workers', 2, '--port', 0)
    try:
        child.listening()
        started = time.monotonic()
        child.signal(signal.SIGTERM)  # the workers are still booting
        assert child.wait(25) == 0
        assert time.monotonic() - started < 15  # not the 30 s graceful timeout
    finally:
        child.kill()


def test_a_killed_worker_does_not_stop_the_shutdown():
    child = gnet_serve('deploy_apps:limits', '--workers', 2, '--port', 0)
    try:
        address = child.listening()
        workers = wait_serving(child, 2)
        victim = sorted(workers)[0]
        os.kill(victim, signal.SIGKILL)
        child.wait_for(r'Worker \(pid:%d\) was sent SIGKILL' % victim)
        wait_serving(child, 1, exclude=workers)  # gunicorn replaced it
        conn, info = limits(address)
        assert info['pid'] != victim
        conn.close()
        child.signal(signal.SIGTERM)
        assert child.wait(20) == 0
    finally:
        child.kill()


@pytest.mark.parametrize('target, send, reply', [
    ('deploy_apps:Upper', b'hi\n', b'handler HI\n'),
    ('deploy_apps:gevent_handle', b'', b'gevent 127.0.0.1\n'),
    ('deploy_apps:listener_with_default', b'', b'default-arg listener\n'),
    ('server_object.py:server', b'', b'a Server object\n'),
])
def test_every_target_form_answers_the_same_in_both_modes(tmp_path, target, send, reply):
    (tmp_path / 'server_object.py').write_text(
        'import gnet\nserver = gnet.create_server(lambda sock: sock.end(b"a Server object\\n"))\n')
    for mode, flags in MODES.items():
        child = gnet_serve(target, '--port', 0, *flags, cwd=tmp_path)
        try:
            with socket.create_connection(child.listening(), timeout=10) as conn:
                conn.sendall(send)
                assert read_line(conn) == reply, mode
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
            assert 'Traceback' not in child.output()
        finally:
            child.kill()


def test_a_bug_in_a_listener_is_the_same_traceback_in_both_modes():
    reports = {}
    for mode, flags in MODES.items():
        child = gnet_serve('deploy_apps:buggy', '--port', 0, *flags)
        try:
            with socket.create_connection(child.listening(), timeout=10) as conn:
                conn.sendall(b'x')
                child.wait_for(r'KeyError')
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
            output = child.output()
            assert output.count('Traceback (most recent call last)') == 1, output
            start = output.index('ERROR gnet: connection')
            reports[mode] = scrub(output[start:output.index('KeyError', start)])
        finally:
            child.kill()
    assert reports['one process'] == reports['workers']
    assert 'in raise_the_bug' in reports['workers']


def test_a_factory_that_listens_itself_is_refused_by_workers():
    result = run_gnet('deploy_apps:make_listening_server', '--workers', 1)
    assert result.returncode == 1
    assert 'its factory called listen() itself' in result.stderr
    assert 'Traceback' not in result.stderr


def test_notify_socket_at_a_missing_path_is_one_message_in_both_modes(tmp_path):
    missing = str(tmp_path / 'no-such-notify-socket')
    for mode, flags in MODES.items():
        child = gnet_serve('--port', 0, *flags, env=child_env(NOTIFY_SOCKET=missing))
        try:
            with socket.create_connection(child.listening(), timeout=10) as conn:
                assert echo_roundtrip(conn, b'alive') == b'alive'
            child.signal(signal.SIGTERM)
            assert child.wait() == 0
            lines = [line for line in child.err if 'NOTIFY_SOCKET' in line]
            assert len(lines) == 1, (mode, child.output())
            assert 'ERROR gnet: cannot notify systemd' in lines[0]
            assert 'NOTIFY_SOCKET=%s: No such file or directory' % missing in lines[0]
        finally:
            child.kill()


def test_a_bug_in_a_server_listener_is_logged_and_drained_in_both_modes():
    for mode, flags in MODES.items():
        child = gnet_serve('deploy_apps:make_server_with_buggy_close', '--port', 0, *flags)
        try:
            conn = socket.create_connection(child.listening(), timeout=10)
            read_line(conn)
            child.signal(signal.SIGTERM)
            child.wait_for(r'stopping on SIGTERM: waiting up to 30s for 1 connection$')
            assert echo_roundtrip(conn, b'served') == b'served'
            conn.close()
            child.wait_for(r'INFO gnet: stopped')
            assert child.wait(20) == (1 if mode == 'one process' else 0)  # gunicorn's master: 0
            output = child.output()
            assert output.count('Traceback (most recent call last)') == 1, output
            assert 'ERROR gnet: uncaught exception in a listener of the server' in output
            assert 'in on_close\n' in output
        finally:
            child.kill()
