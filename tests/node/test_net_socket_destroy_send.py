"""Port of Node's test/parallel/test-net-socket-destroy-send.js.

Checks that ``destroy().destroy()`` returns the socket both times and that
a later write reports ERR_STREAM_DESTROYED to its callback without any
'error' (Node 20's behaviour; the stored test's ERR_SOCKET_CLOSED is older).
"""

from gevent.event import Event

import gnet

from nodeport import WAIT


def test_write_after_destroy(calls):
    server = gnet.create_server()
    done = Event()

    def on_listening():
        conn = gnet.create_connection(server.address()['port'])

        def on_connect():
            assert conn.destroy().destroy() is conn
            conn.on('error', calls.must_not_call("'error'"))

            def write_callback(err):
                assert err.code == 'ERR_STREAM_DESTROYED'
                assert str(err) == 'Cannot call write after a stream was destroyed'
            assert conn.write(b'kaboom', calls.must_call(write_callback)) is False
            server.close()
            conn.on('close', lambda had_error: done.set())

        conn.on('connect', calls.must_call(on_connect))

    server.listen(0, calls.must_call(on_listening))
    assert done.wait(WAIT)
    assert server.wait_closed(WAIT)
