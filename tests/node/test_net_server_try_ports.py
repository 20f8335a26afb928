"""Port of Node's test/parallel/test-net-server-try-ports.js.

Checks that a second server on a busy port gets exactly one EADDRINUSE
'error' and can then listen on another port.
"""

import gevent
from gevent.event import Event

import gnet

from nodeport import WAIT, wait_event


def test_eaddrinuse_then_another_port(calls):
    server1 = gnet.Server(calls.must_not_call('server1 connection'))
    server2 = gnet.Server(calls.must_not_call('server2 connection'))
    server2_errors = []
    server2.on('error', server2_errors.append)
    done = Event()

    def server2_listening():
        server1.close()
        server2.close()
        done.set()

    def server1_listening():
        failed = wait_event(server2, 'error')
        server2.listen(server1.address()['port'], '127.0.0.1')
        err, = failed.get(timeout=WAIT)   # Node waits 100 ms; we wait for the event
        assert err.code == 'EADDRINUSE'
        server2.listen(0, '127.0.0.1', calls.must_call(server2_listening))

    # 'listening' listeners run in the hub, which must not block: wait elsewhere.
    server1.listen(0, '127.0.0.1', calls.must_call(lambda: gevent.spawn(server1_listening)))
    assert done.wait(WAIT)
    assert len(server2_errors) == 1
    assert server1.wait_closed(WAIT) and server2.wait_closed(WAIT)
