"""Port of Node's test/parallel/test-net-server-listen-remove-callback.js.

Checks that the listen callback is a once listener: at 'close' no
'listening' listener remains, also after listening again from the 'close'
handler.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT


def test_listen_callback_is_removed(calls):
    server = gnet.create_server()
    done = Event()
    counts = []

    def on_close():
        counts.append(len(server.listeners('listening')))
        if len(counts) == 2:
            done.set()

    server.on('close', calls.must_call(on_close, 2))
    server.listen(0, calls.must_call(lambda: server.close()))
    server.once('close', calls.must_call(
        lambda: server.listen(0, calls.must_call(lambda: server.close()))))
    assert done.wait(WAIT)
    assert counts == [0, 0]
