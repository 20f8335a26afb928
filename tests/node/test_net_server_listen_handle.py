"""Port of Node's test/parallel/test-net-server-listen-handle.js.

Checks that a server listens on an already bound socket given as a handle,
as ``{'handle': s}``, ``{'_handle': s}`` or ``{'fd': s.fileno()}``, with or
without a callback, and that ``{'fd'}`` of a regular file is an
asynchronous 'error' ``listen EINVAL``, never a raise. Node's TCP/Pipe
handles are Python socket objects here.
"""

import os
import socket
import tempfile

import pytest
from gevent import socket as gsocket

import gnet

from nodeport import WAIT, wait_event


def _bound_tcp():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    return sock


def _bound_unix(path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    return sock


def _form(kind, sock):
    if kind == 'handle':
        return sock
    if kind == 'fd':
        return {'fd': sock.fileno()}
    return {kind: sock}


@pytest.mark.parametrize('family', ['tcp', 'unix'])
@pytest.mark.parametrize('kind', ['handle', '{handle}', '{_handle}', 'fd'])
@pytest.mark.parametrize('with_callback', [False, True], ids=['no-cb', 'cb'])
def test_listen_on_a_bound_socket(family, kind, with_callback, pipe_path, calls):
    raw = _bound_tcp() if family == 'tcp' else _bound_unix(pipe_path)
    bound = raw.getsockname()
    key = kind.strip('{}')
    server = gnet.create_server(lambda conn: conn.end(b'hi'))
    listening = wait_event(server, 'listening')
    args = [_form(key, raw)]
    if with_callback:
        args.append(calls.must_call())
    try:
        assert server.listen(*args) is server
        listening.get(timeout=WAIT)
        if family == 'tcp':
            assert server.address() == {'address': '127.0.0.1', 'family': 'IPv4',
                                        'port': bound[1]}
            client = gnet.connect(bound[1], '127.0.0.1')
        else:
            assert server.address() == pipe_path
            client = gnet.connect(pipe_path)
        got = []
        client.on('data', got.append)
        ended = wait_event(client, 'close')
        ended.get(timeout=WAIT)
        assert b''.join(got) == b'hi'
    finally:
        closed = wait_event(server, 'close')
        server.close()
        closed.get(timeout=WAIT)
        if kind == 'fd':
            raw.detach()  # the server owned the fd and closed it, as Node does


def test_fd_of_a_regular_file_emits_einval(calls):
    with tempfile.TemporaryFile() as regular:
        server = gnet.create_server()
        failed = wait_event(server, 'error')
        server.listen({'fd': regular.fileno()}, calls.must_not_call('listen callback'))
        err, = failed.get(timeout=WAIT)
        assert isinstance(err, OSError)
        assert err.code == 'EINVAL'
        assert err.syscall == 'listen'
        assert str(err).startswith('listen EINVAL')
        assert not server.listening
        assert os.fstat(regular.fileno())  # gnet did not close the user's fd


def test_listen_on_a_bound_gevent_socket(calls):
    """A gevent user's own socket object works as the handle too."""
    raw = gsocket.socket(gsocket.AF_INET, gsocket.SOCK_STREAM)
    raw.bind(('127.0.0.1', 0))
    port = raw.getsockname()[1]
    server = gnet.create_server(calls.must_call(lambda conn: conn.end(b'hi')))
    listening = wait_event(server, 'listening')
    server.listen(raw, calls.must_call())
    listening.get(timeout=WAIT)
    assert server.address()['port'] == port
    client = gnet.connect(port, '127.0.0.1')
    got = []
    client.on('data', got.append)
    wait_event(client, 'close').get(timeout=WAIT)
    assert got == [b'hi']
    server.close()
    assert server.wait_closed(WAIT)
