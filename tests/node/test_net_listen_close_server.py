"""Port of Node's test/parallel/test-net-listen-close-server.js.

Checks that ``listen(0, cb)`` followed at once by ``close()`` emits neither
'listening' nor 'error' (only 'close').
"""

import gnet

from nodeport import WAIT, settle, wait_event


def test_close_right_after_listen(calls):
    server = gnet.create_server()
    server.on('listening', calls.must_not_call('listening'))
    server.on('error', calls.must_not_call('error'))
    closed = wait_event(server, 'close')
    server.listen(0, calls.must_not_call('listen callback'))
    server.close()
    closed.get(timeout=WAIT)
    settle()   # a late 'listening' or 'error' would have come by now
    assert not server.listening
