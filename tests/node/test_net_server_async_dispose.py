"""Port of Node's test/parallel/test-net-server-async-dispose.mjs.

Checks that disposing of a server closes it ('close' fires, ``address()``
is None) and that disposing of an already closed server is harmless.
Node's ``await server[Symbol.asyncDispose]()`` is ``with server:`` here;
by gnet's deliberate difference 6 the exit closes without waiting for open
connections, so the test waits for 'close' itself.
"""

from gevent.event import AsyncResult


import gnet

from nodeport import WAIT, wait_event


def test_with_block_closes_the_server(calls):
    server = gnet.create_server()
    server.on('close', calls.must_call())
    closed = wait_event(server, 'close')
    with server:
        listening = wait_event(server, 'listening')
        server.listen(0, calls.must_call())
        listening.get(timeout=WAIT)
        assert server.address()['port'] > 0
    assert server.address() is None
    closed.get(timeout=WAIT)
    assert not server.listening


def test_disposing_a_closed_server_is_harmless(calls):
    server = gnet.create_server()
    closes = []
    server.on('close', lambda *args: closes.append(args))
    listening = wait_event(server, 'listening')
    closed = wait_event(server, 'close')
    with server:
        server.listen(0, calls.must_call())
        listening.get(timeout=WAIT)
    closed.get(timeout=WAIT)
    with server:   # Node: resolves, and does not close or emit 'close' again
        pass
    # A hub-turn barrier: get_connections answers on a later hub turn, after
    # any 'close' the second exit might have queued.
    barrier = AsyncResult()
    server.get_connections(lambda err, count: barrier.set(count))
    assert barrier.get(timeout=WAIT) == 0
    assert len(closes) == 1, "'close' emitted %d times" % len(closes)
