"""The seed's two server programs in examples/, run as real processes."""

import ast
import os
import socket
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def run_example():
    """Start ``python examples/NAME args...``; every process is killed afterwards."""
    procs = []

    def start(name, *args):
        proc = subprocess.Popen([sys.executable, os.path.join(ROOT, 'examples', name), *args],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(proc)
        return proc
    yield start
    for proc in procs:
        proc.kill()
        proc.communicate()


def test_goodbye_prints_where_it_listens_and_says_goodbye(run_example):
    proc = run_example('goodbye.py')
    line = proc.stdout.readline()
    assert line.startswith('opened server on '), (line, proc.stderr.read() if proc.poll() is not None else '')
    address = ast.literal_eval(line[len('opened server on '):])
    assert address['port'] > 0 and address['family'] in ('IPv4', 'IPv6')
    for _ in range(2):  # it keeps serving
        with socket.create_connection(('127.0.0.1', address['port']), timeout=10) as client:
            received = b''
            while True:
                chunk = client.recv(100)
                if not chunk:
                    break
                received += chunk
        assert received == b'goodbye\n'
    assert proc.poll() is None


def test_listen_retry_retries_until_the_port_is_free(run_example):
    blocker = socket.socket()
    blocker.bind(('127.0.0.1', 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    proc = run_example('listen_retry.py', str(port), '127.0.0.1', '0.02')
    try:
        assert proc.stdout.readline() == 'Address in use, retrying...\n'
        assert proc.stdout.readline() == 'Address in use, retrying...\n'
    finally:
        blocker.close()
    line = proc.stdout.readline()
    while line == 'Address in use, retrying...\n':
        line = proc.stdout.readline()
    assert line.startswith('listening on '), line
    assert ast.literal_eval(line[len('listening on '):]) == {
        'address': '127.0.0.1', 'family': 'IPv4', 'port': port}
    with socket.create_connection(('127.0.0.1', port), timeout=10):
        pass
    assert proc.poll() is None
