"""Port of Node's test/parallel/test-net-server-listen-path.js.

Checks that ``listen(path)``, ``listen({'path': path})`` and both with a
callback listen on a Unix socket and close; also (newer versions of the
test) the readableAll / writableAll mode bits, their refusal on an abstract
socket, and an asynchronous 'error' when the path is taken.
"""

import os
import stat

import pytest

import gnet
from gnet import errors

from nodeport import WAIT, wait_event


def _listen_and_close(server, *args):
    listening = wait_event(server, 'listening')
    closed = wait_event(server, 'close')
    server.listen(*args)
    listening.get(timeout=WAIT)
    server.close()
    closed.get(timeout=WAIT)


@pytest.mark.parametrize('as_options', [False, True], ids=['(path)', '({path})'])
@pytest.mark.parametrize('with_callback', [False, True], ids=['no-cb', 'cb'])
def test_listen_on_a_path(pipe_path, as_options, with_callback, calls):
    server = gnet.create_server()
    args = [{'path': pipe_path} if as_options else pipe_path]
    if with_callback:
        args.append(calls.must_call())
    _listen_and_close(server, *args)
    assert not os.path.exists(pipe_path)  # our own socket file is removed on close


def test_abstract_socket_listens(calls):
    name = '\0gnet-node-port-%d' % os.getpid()
    server = gnet.create_server()
    _listen_and_close(server, name, calls.must_call())


@pytest.mark.parametrize('option, bits', [('readableAll', 0o444), ('writableAll', 0o222)])
def test_readable_all_and_writable_all_set_mode_bits(pipe_path, option, bits):
    server = gnet.create_server()
    listening = wait_event(server, 'listening')
    server.listen({'path': pipe_path, option: True})
    try:
        listening.get(timeout=WAIT)
        mode = stat.S_IMODE(os.stat(pipe_path).st_mode)
        assert mode & bits == bits
    finally:
        server.close()


def test_listening_on_a_used_path_emits_error(pipe_path, calls):
    first = gnet.create_server()
    listening = wait_event(first, 'listening')
    first.listen(pipe_path)
    listening.get(timeout=WAIT)
    try:
        second = gnet.create_server()
        failed = wait_event(second, 'error')
        second.listen(pipe_path, calls.must_not_call('listen callback'))  # no raise
        err, = failed.get(timeout=WAIT)
        assert err.code == 'EADDRINUSE'
        assert err.syscall == 'listen'
        assert not second.listening
    finally:
        first.close()


def test_both_mode_options_make_the_socket_usable_by_all(pipe_path):
    server = gnet.create_server()
    listening = wait_event(server, 'listening')
    server.listen({'path': pipe_path, 'readableAll': True, 'writableAll': True})
    try:
        listening.get(timeout=WAIT)
        assert stat.S_IMODE(os.stat(pipe_path).st_mode) & 0o666 == 0o666
    finally:
        server.close()


@pytest.mark.parametrize('option', ['readableAll', 'writableAll'])
def test_mode_options_on_an_abstract_socket_raise(option):
    server = gnet.create_server()
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE) as info:
        server.listen({'path': '\0gnet-abstract', option: True})
    assert isinstance(info.value, TypeError)
    # Node's message, its typo included.
    assert str(info.value).startswith(
        "The argument 'options' can not set readableAll or writableAllt to true when path "
        "is abstract unix socket. Received ")
    assert not server.listening
