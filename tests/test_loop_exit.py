"""gnet.run() returns through gevent's LoopExit; on libuv its report is safe.

gevent's libuv-cffi ``loop.debug()`` (called to build LoopExit's message
each time the loop runs empty) dereferences every handle's data pointer
and segfaulted at gnet.run()'s normal return in about one full libuv test
pass in two. gnet replaces that diagnostic walk with an empty list.
"""

import gevent
import pytest

import gnet
from gnet.loop import guard_loop_exit


def test_run_returns_true_when_the_loop_ran_empty():
    assert gnet.run(5) is True


def test_the_libuv_walk_is_replaced_and_libev_left_alone():
    loop = gevent.get_hub().loop
    gnet.run(5)
    if type(loop).__module__.startswith('gevent.libuv'):
        assert loop.debug() == []
    else:  # libev's loop (a C type) keeps its own
        assert type(loop).__module__.startswith('gevent.libev')


def test_guard_is_idempotent_and_keeps_a_debug_set_by_the_user():
    class FakeLibuvLoop:
        pass
    FakeLibuvLoop.__module__ = 'gevent.libuv.loop'
    loop = FakeLibuvLoop()
    mine = lambda: ['mine']  # noqa: E731
    loop.debug = mine
    guard_loop_exit(loop)
    assert loop.debug is mine
    bare = FakeLibuvLoop()
    guard_loop_exit(bare)
    guard_loop_exit(bare)
    assert bare.debug() == []


@pytest.mark.timeout(30)
def test_run_after_a_server_and_a_reset_connection():
    server = gnet.create_server(lambda s: (s.on('error', lambda e: None), s.on('data', print)))
    server.listen(0, '127.0.0.1')
    port = server.address()['port']
    client = gevent.socket.create_connection(('127.0.0.1', port))
    client.setsockopt(gevent.socket.SOL_SOCKET, gevent.socket.SO_LINGER,
                      b'\x01\x00\x00\x00\x00\x00\x00\x00')
    client.close()
    server.close()
    assert server.wait_closed(10)
    assert gnet.run(5) is True
