"""gunicorn as the multi-process engine: GnetWorker, ``gnet serve --workers``, HUP, TERM."""

import re
import signal
import sys
import threading

import pytest

from deploy_helpers import Child, echo_roundtrip, gnet_serve, hello, require

pytestmark = [pytest.mark.timeout(90), pytest.mark.slow]


@pytest.fixture(autouse=True)
def _gunicorn():
    require('gunicorn', "pip install 'gevent-gnet[gunicorn]'")


def _no_control_socket():
    """gunicorn >= 24's control socket is one path per user: off, for parallel tests."""
    try:
        from gunicorn.config import KNOWN_SETTINGS
    except ImportError:
        return []
    return ['--no-control-socket'] if any(s.name == 'control_socket_disable'
                                          for s in KNOWN_SETTINGS) else []


NO_CONTROL_SOCKET = _no_control_socket()


def gunicorn(*args):
    return Child([sys.executable, '-m', 'gunicorn', '-k', 'gnet.gunicorn.GnetWorker',
                  '--graceful-timeout', '20', 'deploy_apps:hello'] + NO_CONTROL_SOCKET
                 + [str(a) for a in args])


def gunicorn_address(child):
    match = child.wait_for(r'Listening at: http://127\.0\.0\.1:(\d+)')
    return '127.0.0.1', int(match.group(1))


def wait_serving(child, count, exclude=()):
    """Pids of *count* workers that have installed their signal handlers."""
    pids = set()
    while len(pids) < count:
        pid = int(child.wait_for(r'worker (\d+) serving').group(1))
        if pid not in exclude:
            pids.add(pid)
    return pids


def collect_pids(address, want, limit=400):
    """Open connections until *want* distinct worker pids answered (bounded)."""
    conns, pids = [], set()
    for _ in range(limit):
        conn, info = hello(address)
        conns.append(conn)
        pids.add(info['pid'])
        if len(pids) >= want:
            break
    return conns, pids


def test_gnet_serve_workers_spreads_connections_over_worker_pids():
    child = gnet_serve('deploy_apps:hello', '--workers', 4, '--port', 0)
    try:
        address = child.listening()
        workers = wait_serving(child, 4)
        conns, pids = collect_pids(address, 2)
        assert pids <= workers
        assert len(pids) >= 2 and child.proc.pid not in pids
        for conn in conns:
            assert echo_roundtrip(conn, b'w') == b'w'
            conn.close()
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
    finally:
        child.kill()


def test_hup_reload_loses_no_accepted_connection():
    child = gunicorn('-w', 2, '-b', '127.0.0.1:0')
    try:
        address = gunicorn_address(child)
        old_pids = wait_serving(child, 2)
        old_conns, _ = collect_pids(address, 2)
        failures, successes = [], []
        stop = threading.Event()

        def keep_connecting():  # new connections all through the reload
            while not stop.is_set():
                try:
                    conn, _ = hello(address)
                    assert echo_roundtrip(conn, b'during') == b'during'
                    conn.close()
                    successes.append(1)
                except Exception as exc:  # noqa: BLE001 - reported below
                    failures.append(repr(exc))
        thread = threading.Thread(target=keep_connecting, daemon=True)
        thread.start()
        child.signal(signal.SIGHUP)
        wait_serving(child, 2, exclude=old_pids)  # two new workers replace the old ones
        exited = set()
        for conn in old_conns:  # accepted before the HUP: still served by the old workers
            assert echo_roundtrip(conn, b'still here') == b'still here'
            conn.close()
        while exited != old_pids:  # they drain, then exit
            exited.add(int(child.wait_for(r'Worker exiting \(pid: (\d+)\)').group(1)))
        new_conns, new_pids = collect_pids(address, 1)
        assert not new_pids & old_pids
        stop.set()
        thread.join(30)
        assert not failures and successes
        for conn in new_conns:
            conn.close()
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
    finally:
        child.kill()


def test_term_drains_open_connections():
    child = gunicorn('-w', 2, '-b', '127.0.0.1:0')
    try:
        address = gunicorn_address(child)
        wait_serving(child, 2)
        conn, info = hello(address)
        conn.sendall(b'before')  # written before the signal
        child.signal(signal.SIGTERM)
        child.wait_for(r'Handling signal: term')
        expected = b'before' + b'after'
        conn.sendall(b'after')
        got = b''
        while len(got) < len(expected):
            chunk = conn.recv(100)
            assert chunk
            got += chunk
        assert got == expected
        conn.close()
        assert child.wait(30) == 0
        assert re.search(r'Worker exiting \(pid: %d\)' % info['pid'], child.output())
    finally:
        child.kill()
