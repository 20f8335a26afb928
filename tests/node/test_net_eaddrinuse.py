"""Port of Node's test/parallel/test-net-eaddrinuse.js.

Checks that a second server on a port in use emits an 'error' whose message
contains EADDRINUSE.
"""

import gnet

from nodeport import WAIT, wait_event


def test_second_server_gets_eaddrinuse(calls):
    server1 = gnet.create_server()
    server2 = gnet.create_server()
    listening = wait_event(server1, 'listening')
    server1.listen(0)
    try:
        listening.get(timeout=WAIT)
        failed = wait_event(server2, 'error')
        server2.listen(server1.address()['port'], calls.must_not_call('listen callback'))
        err, = failed.get(timeout=WAIT)
        assert 'EADDRINUSE' in str(err)
        assert isinstance(err, OSError)
    finally:
        server1.close()
        server2.close()
