"""Port of Node's test/parallel/test-net-server-listen-options-signal.js.

Checks that a non-signal ``signal`` option raises TypeError
ERR_INVALID_ARG_TYPE, that aborting after listen() closes the server, and
that an already aborted signal closes it too.
"""

import pytest

import gnet
from gnet import errors

from nodeport import WAIT, wait_event


def test_bad_signal_raises():
    server = gnet.create_server()
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        server.listen({'port': 0, 'signal': 'INVALID_SIGNAL'})
    assert isinstance(info.value, TypeError)
    assert info.value.code == 'ERR_INVALID_ARG_TYPE'
    assert not server.listening


def test_abort_closes_the_server(calls):
    server = gnet.create_server()
    server.on('close', calls.must_call())
    closed = wait_event(server, 'close')
    controller = gnet.AbortController()
    server.listen({'port': 0, 'signal': controller.signal})
    controller.abort()
    closed.get(timeout=WAIT)
    assert not server.listening
    assert server.address() is None


def test_pre_aborted_signal_closes_the_server(calls):
    server = gnet.create_server()
    server.on('close', calls.must_call())
    server.on('listening', calls.must_not_call('listening'))
    closed = wait_event(server, 'close')
    controller = gnet.AbortController()
    controller.abort()
    server.listen({'port': 0, 'signal': controller.signal})
    closed.get(timeout=WAIT)
    assert not server.listening
