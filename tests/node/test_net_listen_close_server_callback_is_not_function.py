"""Port of Node's test/parallel/test-net-listen-close-server-callback-is-not-function.js.

Checks that ``close('bad argument')`` ignores its non-callable argument,
still emits 'close', and that the listen callback never runs.
"""

import gnet

from nodeport import WAIT, settle, wait_event


def test_close_ignores_a_non_callable(calls):
    server = gnet.create_server(calls.must_not_call('connection'))
    server.on('close', calls.must_call())
    closed = wait_event(server, 'close')
    server.listen(0, calls.must_not_call('listen callback'))
    assert server.close('bad argument') is server
    closed.get(timeout=WAIT)
    settle()   # a late 'listening' or 'error' would have come by now
