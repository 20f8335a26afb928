"""A bug in a listener, in a program that uses gnet as a library (no ``gnet serve``).

Node prints the stack of an uncaught exception. With an 'error' listener
on the socket (which gets the exception itself, as docs/contract.md says), gnet
logs it on the ``gnet`` logger at ERROR with its traceback — the
'error' listener alone would let a bug pass for a network error. Without
one, gevent's hub report prints it (unchanged).
"""

import subprocess
import sys

import pytest

from deploy_helpers import child_env

pytestmark = pytest.mark.timeout(60)

PROGRAM = r'''
import logging, socket, sys
import gevent, gnet
logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
seen = []

def raise_the_bug(chunk):
    raise KeyError('bug in user code: %r' % chunk)

def listener(sock):
    if sys.argv[1] == 'with-error-listener':
        sock.on('error', lambda err: seen.append(err))
    sock.on('data', raise_the_bug)

server = gnet.create_server(listener)
server.listen(0, '127.0.0.1')
port = server.address()['port']

def client():
    with gevent.socket.create_connection(('127.0.0.1', port)) as conn:
        conn.sendall(b'x')
        while conn.recv(100):
            pass
gevent.spawn(client).join(10)
server.close()
server.wait_closed(10)
print('error listener got: %s' % ', '.join(type(err).__name__ for err in seen), flush=True)
'''


def run(mode):
    return subprocess.run([sys.executable, '-c', PROGRAM, mode], capture_output=True, text=True,
                          timeout=30, env=child_env())


def test_with_an_error_listener_the_bug_is_logged_with_its_traceback():
    result = run('with-error-listener')
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'error listener got: KeyError\n'
    assert result.stderr.count('Traceback (most recent call last)') == 1, result.stderr
    assert result.stderr.startswith('ERROR gnet: connection 127.0.0.1:')
    assert 'uncaught exception in a listener' in result.stderr
    assert 'in raise_the_bug\n' in result.stderr
    assert "KeyError: \"bug in user code: b'x'\"" in result.stderr


def test_without_an_error_listener_the_hub_reports_it():
    result = run('without')
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'error listener got: \n'
    assert result.stderr.count('Traceback (most recent call last)') == 1, result.stderr
    assert 'in raise_the_bug\n' in result.stderr
    assert 'failed with KeyError' in result.stderr
