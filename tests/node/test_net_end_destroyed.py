"""Port of Node's test/parallel/test-net-end-destroyed.js.

Checks that a socket is not yet destroyed when it emits 'end' (the client
ended first; the server's automatic end answers it).
"""

from gevent.event import Event

import gnet

from nodeport import WAIT


def test_not_destroyed_at_end(calls):
    server = gnet.create_server()
    server.on('connection', calls.must_call())
    done = Event()

    def on_listening():
        sock = gnet.create_connection({'port': server.address()['port']})

        def on_connect():
            def on_end():
                assert sock.destroyed is False
                server.close()
                done.set()
            sock.on('end', calls.must_call(on_end))
            sock.end()
        sock.on('connect', calls.must_call(on_connect))

    server.listen(calls.must_call(on_listening))
    assert done.wait(WAIT)
    assert server.wait_closed(WAIT)
