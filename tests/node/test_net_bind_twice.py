"""Port of Node's test/parallel/test-net-bind-twice.js.

Checks that a second server on 127.0.0.1 and the same port gets an 'error'
with ``code == 'EADDRINUSE'`` and that its listen callback never runs.
"""

import gnet

from nodeport import WAIT, wait_event


def test_bind_twice(calls):
    server1 = gnet.create_server(calls.must_not_call('connection'))
    listening = wait_event(server1, 'listening')
    server1.listen(0, '127.0.0.1', calls.must_call())
    listening.get(timeout=WAIT)
    server2 = gnet.create_server(calls.must_not_call('connection'))
    failed = wait_event(server2, 'error')
    server2.listen(server1.address()['port'], '127.0.0.1', calls.must_not_call('listen cb'))
    err, = failed.get(timeout=WAIT)
    assert err.code == 'EADDRINUSE'
    assert err.errno is not None
    assert not server2.listening
    closed = wait_event(server1, 'close')
    server1.close()
    closed.get(timeout=WAIT)
