"""examples/echo.py and examples/echo_blocking.py: run as programs, they echo."""

import os
import socket
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize('name', ['echo.py', 'echo_blocking.py'])
def test_example_prints_address_and_echoes(name):
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, 'examples', name), '127.0.0.1', '0'],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith('listening on 127.0.0.1:'), line
        port = int(line.rsplit(':', 1)[1])
        payload = os.urandom(300000)
        with socket.create_connection(('127.0.0.1', port), timeout=20) as conn:
            conn.sendall(payload)
            conn.shutdown(socket.SHUT_WR)
            received = bytearray()
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received += chunk
        assert bytes(received) == payload
    finally:
        proc.kill()
        proc.wait(10)
