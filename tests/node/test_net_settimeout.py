"""Port of Node's test/parallel/test-net-settimeout.js.

Checks that ``set_timeout(T, cb)`` returns the socket and that
``set_timeout(0)`` straight after cancels it: ``cb`` never runs. A second
socket with a longer timeout is the clock: once it has timed out, the
first one would have too.
"""

import gnet

from nodeport import WAIT, wait_event

T = 50  # ms


def test_set_timeout_zero_cancels(calls):
    server = gnet.create_server(lambda sock: sock.resume())
    server.listen(0, '127.0.0.1')
    port = server.address()['port']
    client = gnet.connect(port, '127.0.0.1')
    reference = gnet.connect(port, '127.0.0.1')
    wait_event(client, 'connect').get(timeout=WAIT)
    assert client.set_timeout(T, calls.must_not_call('cancelled timeout')) is client
    assert client.set_timeout(0) is client
    # Node keeps the listener (setTimeout(0) without a callback removes none);
    # only the timer is gone.
    assert client.listener_count('timeout') == 1
    timed_out = wait_event(reference, 'timeout')
    reference.set_timeout(T * 2)
    timed_out.get(timeout=WAIT)
    client.destroy()
    reference.destroy()
    server.close()
    assert server.wait_closed(WAIT)
