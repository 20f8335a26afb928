"""examples/line_server.py and examples/patched_app.py, run as programs."""

import os
import re
import signal
import socket
import subprocess
import sys

import pytest

from legacy_helpers import EXAMPLES


@pytest.fixture
def run_example():
    """Start ``python examples/NAME args``; (proc, port) once it printed where it listens."""
    procs = []

    def start(name, *args):
        proc = subprocess.Popen([sys.executable, os.path.join(EXAMPLES, name), '--port', '0']
                                + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        procs.append(proc)
        line = proc.stdout.readline()  # bounded by pytest-timeout; the child prints at once
        match = re.match(r'listening on 127\.0\.0\.1:(\d+)$', line.strip())
        assert match, (line, proc.stderr.read() if proc.poll() is not None else '')
        return proc, int(match.group(1))
    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()


def talk(port, script):
    with socket.create_connection(('127.0.0.1', port), timeout=10) as conn:
        conn.sendall(script)
        conn.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            data = conn.recv(65536)
            if not data:
                return b''.join(chunks)
            chunks.append(data)


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert out.strip().endswith('stopped'), (out, err)
    assert 'Traceback' not in err, err


LINE_SCRIPT = b'PING\nSUM 1 2 3\nUPPER hello\nSTATS\nQUIT\nPING\n'
LINE_REPLY = b'PONG\n6\nHELLO\nlines=4\nBYE\n'


@pytest.mark.parametrize('flags', [(), ('--stdlib',)], ids=['gnet', 'threading_tcp_server'])
def test_line_server_serves_its_protocol_then_stops_on_sigterm(run_example, flags):
    proc, port = run_example('line_server.py', *flags)
    assert talk(port, LINE_SCRIPT) == LINE_REPLY
    assert talk(port, b'ECHO x y\nNOPE\n') == b'x y\nERR unknown command\n'
    stop(proc)


def test_line_server_stop_waits_for_an_open_connection(run_example):
    proc, port = run_example('line_server.py')
    with socket.create_connection(('127.0.0.1', port), timeout=10) as conn:
        conn.sendall(b'PING\n')
        assert conn.recv(5) == b'PONG\n'
        proc.send_signal(signal.SIGTERM)
        conn.sendall(b'SUM 2 2\nQUIT\n')  # still served while stopping
        reply = b''
        while not reply.endswith(b'BYE\n'):
            data = conn.recv(100)
            assert data, reply
            reply += data
        assert reply == b'4\nBYE\n'
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0 and out.strip().endswith('stopped'), (out, err)


def test_patched_app_serves_threads_queues_sleep_and_select(run_example):
    proc, port = run_example('patched_app.py', '--idle', '5')
    waiter = subprocess.Popen(  # a second client blocked in WAIT until the first SETs
        [sys.executable, '-c', 'import socket,sys\n'
         'c=socket.create_connection(("127.0.0.1",%d),timeout=10)\n'
         'c.sendall(b"WAIT k 10\\nQUIT\\n")\n'
         'print(c.makefile("rb").read())' % port],
        stdout=subprocess.PIPE, text=True)
    script = b'GET k\nSLEEP 20\nSET k v1\nGET k\nWAIT k 1\nWAIT none 0.01\nFLUSH\nBAD\nQUIT\n'
    reply = talk(port, script)
    assert reply == b'(nil)\nOK\nOK\nv1\nv1\nTIMEOUT\njournal=1\nERR bad command\nBYE\n'
    out, _ = waiter.communicate(timeout=15)
    assert out.strip() == repr(b'v1\nBYE\n')
    stop(proc)


def test_patched_app_idle_timeout_uses_select(run_example):
    proc, port = run_example('patched_app.py', '--idle', '0.05')
    with socket.create_connection(('127.0.0.1', port), timeout=10) as conn:
        assert conn.makefile('rb').read() == b'BYE idle\n'
    stop(proc)
