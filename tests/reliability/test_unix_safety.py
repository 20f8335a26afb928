"""Unix socket safety: what listen(path) and close() may do to the file system.

* listen(path) over an existing file that is not a socket refuses with
  EADDRINUSE (as Node) and leaves the file alone, contents and all;
* close() unlinks only the socket file this server created: not one that
  replaced it meanwhile, not a file at another path;
* readableAll / writableAll give exactly the read / write bits for all;
* a path too long for sun_path (108 bytes) is an 'error' ENAMETOOLONG,
  as newer Node has it (Node 20 binds the truncated name); a NUL inside a
  path raises ERR_INVALID_ARG_VALUE at once (the kernel would bind the
  name cut at the NUL). Both are deliberate differences from Node 20.
"""

import os
import stat

import gevent.event
import pytest

import gnet
from reliability_helpers import socket_fds


def listen_result(server, *args):
    """listen(), then the first of 'listening' / 'error': None or the error."""
    result = gevent.event.AsyncResult()
    server.once('listening', lambda: result.set(None))
    server.once('error', result.set)
    server.listen(*args)
    return result.get(timeout=10)


def closed(server):
    done = gevent.event.Event()
    server.close(lambda err=None: done.set())
    assert done.wait(10)


@pytest.mark.parametrize('kind', ['regular', 'directory', 'fifo', 'symlink'])
def test_listen_over_a_non_socket_file_refuses_and_keeps_it(tmp_path, kind):
    path = str(tmp_path / 'target')
    if kind == 'regular':
        with open(path, 'w') as f:
            f.write('precious')
    elif kind == 'directory':
        os.mkdir(path)
    elif kind == 'fifo':
        os.mkfifo(path)
    else:
        with open(str(tmp_path / 'elsewhere'), 'w') as f:
            f.write('precious')
        os.symlink(str(tmp_path / 'elsewhere'), path)
    before = os.lstat(path)
    sockets = socket_fds()
    server = gnet.create_server()
    err = listen_result(server, path)
    assert err is not None and err.code == 'EADDRINUSE' and err.syscall == 'listen'
    assert not server.listening and server.address() is None
    closed(server)
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode, after.st_size) == (before.st_ino, before.st_mode,
                                                            before.st_size)
    if kind in ('regular', 'symlink'):
        with open(path) as f:
            assert f.read() == 'precious'
    assert socket_fds() == sockets


def test_close_removes_only_the_socket_it_created(tmp_path):
    path = str(tmp_path / 's.sock')
    server = gnet.create_server()
    assert listen_result(server, path) is None
    assert stat.S_ISSOCK(os.stat(path).st_mode)
    closed(server)
    assert not os.path.exists(path)

    # the socket file was replaced by someone else's file: close() keeps it
    server = gnet.create_server()
    assert listen_result(server, path) is None
    os.unlink(path)
    with open(path, 'w') as f:
        f.write('not yours')
    closed(server)
    with open(path) as f:
        assert f.read() == 'not yours'
    os.unlink(path)

    # a server that failed to listen removes nothing
    other = gnet.create_server()
    assert listen_result(other, path) is None
    server = gnet.create_server()
    err = listen_result(server, path)
    assert err.code == 'EADDRINUSE'
    closed(server)
    assert stat.S_ISSOCK(os.stat(path).st_mode)   # still the other server's
    closed(other)
    assert not os.path.exists(path)


@pytest.mark.parametrize('readable,writable', [(False, False), (True, False),
                                               (False, True), (True, True)])
def test_readable_all_writable_all_give_exactly_those_modes(tmp_path, readable, writable):
    path = str(tmp_path / 'm.sock')
    old_umask = os.umask(0o077)   # start from owner-only bits
    try:
        server = gnet.create_server()
        assert listen_result(server, {'path': path, 'readableAll': readable,
                                      'writableAll': writable}) is None
    finally:
        os.umask(old_umask)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    expected = 0o700 & mode | (0o044 if readable else 0) | (0o022 if writable else 0)
    assert mode & 0o077 == expected & 0o077, oct(mode)
    closed(server)


@pytest.mark.parametrize('abstract', [False, True])
def test_a_path_too_long_for_sun_path_is_enametoolong(tmp_path, abstract):
    path = ('\0' if abstract else str(tmp_path) + '/') + 'x' * 120
    server = gnet.create_server()
    err = listen_result(server, path)
    assert err.code == 'ENAMETOOLONG' and err.syscall == 'listen'
    assert 'name too long' in str(err)
    closed(server)
    assert not os.path.exists(path.lstrip('\0')[:108])

    client = gnet.connect(path)
    errs = gevent.event.AsyncResult()
    client.on('error', errs.set)
    err = errs.get(timeout=10)
    assert err.code == 'ENAMETOOLONG' and err.syscall == 'connect'


def test_a_nul_inside_a_path_raises_at_once(tmp_path):
    path = str(tmp_path / 'a') + '\0b'
    server = gnet.create_server()
    with pytest.raises(gnet.errors.ERR_INVALID_ARG_VALUE):
        server.listen(path)
    assert not os.path.exists(str(tmp_path / 'a'))
    closed(server)
