"""Port of Node's test/parallel/test-net-server-call-listen-multiple-times.js.

Checks that ``listen()`` works right after an 'error', that a second
``listen()`` while listening raises ERR_SERVER_ALREADY_LISTEN, and that
``listen()`` right after ``close()`` works.
"""

from gevent.event import Event

import pytest

import gnet
from gnet import errors

from nodeport import WAIT, wait_event


def test_listen_again_after_error(calls):
    dummy = gnet.Server()
    server = gnet.Server()
    done = Event()

    def on_error(err):
        assert err.code == 'EADDRINUSE'

        def relistened():
            dummy.close()
            server.close()
            done.set()
        server.listen(calls.must_call(relistened))

    server.on('error', calls.must_call(on_error))
    dummy.listen(calls.must_call(lambda: server.listen(dummy.address()['port'])))
    assert done.wait(WAIT)


def test_second_listen_raises(calls):
    server = gnet.Server()
    closed = wait_event(server, 'close')
    server.listen(calls.must_call(lambda: server.close()))
    with pytest.raises(errors.ERR_SERVER_ALREADY_LISTEN) as info:
        server.listen()
    assert info.value.code == 'ERR_SERVER_ALREADY_LISTEN'
    assert str(info.value) == 'Listen method has been called more than once without closing.'
    closed.get(timeout=WAIT)


def test_listen_right_after_close(calls):
    server = gnet.Server()
    done = Event()

    def second():
        server.close()
        done.set()

    def first():
        server.close()
        server.listen(calls.must_call(second))

    server.listen(calls.must_call(first))
    assert done.wait(WAIT)
    assert not server.listening
