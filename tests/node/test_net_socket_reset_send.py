"""Port of Node's test/parallel/test-net-socket-reset-send.js.

Checks that ``reset_and_destroy().destroy()`` returns the socket, the peer
gets 'error' ``read ECONNRESET``, and a later write's callback gets
ERR_STREAM_DESTROYED with no 'error' on the reset socket.
"""

from gevent.event import AsyncResult

import gnet

from nodeport import WAIT


def _reset_then_write(calls, close_in_connect=True):
    """Run the scenario; (the peer's error, the write callback's error).

    Node closes the server inside the client's 'connect' listener; with
    *close_in_connect* False it is closed once the peer has its error.
    """
    server = gnet.create_server()
    peer_error = AsyncResult()
    write_error = AsyncResult()
    server.on('connection', lambda sock: sock.on('error', calls.must_call(peer_error.set)))

    def on_listening():
        conn = gnet.create_connection(server.address()['port'])

        def on_connect():
            assert conn.reset_and_destroy().destroy() is conn
            conn.on('error', calls.must_not_call("'error'"))
            conn.write(b'fzfzfzfzfz', calls.must_call(write_error.set))
            if close_in_connect:
                server.close()

        conn.on('connect', calls.must_call(on_connect))

    server.listen(0, calls.must_call(on_listening))
    written = write_error.get(timeout=WAIT)
    if not close_in_connect:
        peer_error.get(timeout=WAIT)
        server.close()
    # The server's 'close' waits for its connection, which errors before it closes.
    assert server.wait_closed(WAIT)
    assert peer_error.ready(), "the server never saw the connection, or no 'error'"
    return peer_error.get(), written


def test_reset_then_write(calls):
    peer, written = _reset_then_write(calls)
    assert peer.code == 'ECONNRESET'
    assert peer.syscall == 'read'
    assert written.code == 'ERR_STREAM_DESTROYED'
    assert str(written) == 'Cannot call write after a stream was destroyed'


def test_peer_error_message_is_node_20s(calls):
    peer, _written = _reset_then_write(calls, close_in_connect=False)
    assert str(peer) == 'read ECONNRESET'
