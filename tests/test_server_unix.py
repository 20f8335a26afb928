"""gnet.Server on Unix domain sockets: paths, abstract names, modes, cleanup."""

import os
import socket as stdsocket
import stat

import gevent
import pytest
from gevent.event import AsyncResult

import gnet
from gnet import errors


@pytest.fixture
def servers():
    made = []
    yield made
    for server in made:
        server.close()


def make(servers, *args, **kw):
    server = gnet.create_server(*args, **kw)
    servers.append(server)
    return server


def wait_event(emitter, name, timeout=10):
    result = AsyncResult()
    emitter.once(name, lambda *args: result.set(args))
    return result.get(timeout=timeout)


def unix_client(path):
    from gevent import socket as gsocket
    sock = gsocket.socket(stdsocket.AF_UNIX, stdsocket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(path)
    return sock


def test_path_binds_inside_listen_and_listening_comes_later(servers, tmp_path):
    path = str(tmp_path / 's.sock')
    order = []
    server = make(servers, lambda sock: sock.end(b'unix'))
    server.on('listening', lambda: order.append('listening'))
    assert server.listen(path) is server
    order.append('returned')
    assert server.listening and server.address() == path
    assert stat.S_ISSOCK(os.stat(path).st_mode)
    assert order == ['returned']
    wait_event(server, 'listening')
    client = unix_client(path)
    assert client.recv(10) == b'unix'
    client.close()


def test_close_removes_the_socket_file_and_address_is_none(servers, tmp_path):
    path = str(tmp_path / 's.sock')
    server = make(servers).listen(path, 5, lambda: None)
    server.close()
    assert not os.path.exists(path)
    assert server.address() is None  # deliberate difference 2
    assert server.wait_closed(5)


def test_a_non_numeric_string_is_a_path_relative_to_cwd(servers, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server = make(servers).listen('-1')
    assert server.address() == '-1' and stat.S_ISSOCK(os.stat(tmp_path / '-1').st_mode)
    server.close()
    assert not os.path.exists(tmp_path / '-1')


def test_options_path_and_backlog(servers, tmp_path):
    path = str(tmp_path / 'o.sock')
    server = make(servers).listen({'path': path, 'backlog': 6})
    assert server.address() == path


def test_existing_regular_file_gives_eaddrinuse_and_is_never_deleted(servers, tmp_path):
    path = tmp_path / 'taken'
    path.write_text('keep me')
    server = make(servers)
    server.listen(str(path))
    assert not server.listening
    (err,) = wait_event(server, 'error')
    assert (err.code, err.syscall, err.address, err.port) == ('EADDRINUSE', 'listen', str(path), -1)
    assert str(err) == 'listen EADDRINUSE: address already in use %s' % path
    server.close()
    assert server.wait_closed(5)
    assert path.read_text() == 'keep me'


def test_stale_socket_file_gives_eaddrinuse(servers, tmp_path):
    path = str(tmp_path / 'stale.sock')
    stale = stdsocket.socket(stdsocket.AF_UNIX)
    stale.bind(path)
    stale.close()
    server = make(servers).listen(path)
    (err,) = wait_event(server, 'error')
    assert err.code == 'EADDRINUSE' and os.path.exists(path)


def test_close_does_not_remove_a_file_that_replaced_ours(servers, tmp_path):
    path = tmp_path / 'r.sock'
    server = make(servers).listen(str(path))
    os.unlink(path)
    path.write_text('not ours')
    server.close()
    assert path.read_text() == 'not ours'


@pytest.mark.parametrize('options, mode', [
    ({}, 0o755), ({'readableAll': True}, 0o755), ({'writableAll': True}, 0o777),
    ({'readableAll': True, 'writableAll': True}, 0o777), ({'readable_all': True, 'writable_all': True}, 0o777),
])
def test_readable_all_and_writable_all_or_bits_into_the_mode(servers, tmp_path, options, mode):
    old = os.umask(0o022)
    try:
        path = str(tmp_path / 'm.sock')
        camel = {k: v for k, v in options.items() if '_' not in k}
        snake = {k: v for k, v in options.items() if '_' in k}
        make(servers).listen({'path': path, **camel}, **snake)
        assert stat.S_IMODE(os.stat(path).st_mode) == mode
    finally:
        os.umask(old)


def test_abstract_name(servers):
    name = '\0gnet-test-%d-%d' % (os.getpid(), id(servers))
    server = make(servers, lambda sock: sock.end(b'abstract')).listen(name)
    assert server.address() == name
    client = unix_client(name)
    assert client.recv(20) == b'abstract'
    client.close()
    server.close()
    assert server.wait_closed(5)
    again = make(servers).listen(name)  # the name is free again
    assert again.address() == name


def test_abstract_name_refuses_modes():
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE):
        gnet.Server().listen({'path': '\0gnet-x', 'writableAll': True})


def test_drop_on_a_unix_server_has_no_argument(servers, tmp_path):
    path = str(tmp_path / 'd.sock')
    server = make(servers)
    server.max_connections = 0
    server.listen(path)
    dropped, data = AsyncResult(), AsyncResult()
    server.on('drop', lambda *args: dropped.set(args))
    server.on('drop', lambda data_: data.set(data_))  # as Node's (data) => ...: undefined
    client = unix_client(path)
    assert dropped.get(timeout=5) == ()
    assert data.get(timeout=5) is None
    assert client.recv(10) == b''
    client.close()


def test_listen_on_a_bound_unix_socket_object(servers, tmp_path):
    path = str(tmp_path / 'h.sock')
    raw = stdsocket.socket(stdsocket.AF_UNIX)
    raw.bind(path)
    server = make(servers, lambda sock: sock.end(b'h')).listen(raw)
    assert not raw.getblocking()
    client = unix_client(path)
    assert client.recv(10) == b'h'
    client.close()
    gevent.sleep(0)
