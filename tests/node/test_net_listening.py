"""Port of Node's test/parallel/test-net-listening.js.

Checks that ``server.listening`` is False before listen(), True in the
listen callback and False in the close callback.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT


def test_listening_property(calls):
    server = gnet.create_server()
    assert server.listening is False
    done = Event()

    def on_close(err=None):
        assert server.listening is False
        done.set()

    def on_listening():
        assert server.listening is True
        server.close(calls.must_call(on_close))

    server.listen(0, calls.must_call(on_listening))
    assert done.wait(WAIT)
