"""Port of Node's test/parallel/test-net-end-destroyed.js.

Checks that a socket is not yet destroyed when it emits 'end'.
"""

import gnet

from nodeport import WAIT, wait_event


def test_not_destroyed_at_end(calls):
    server = gnet.create_server(calls.must_call(lambda sock: sock.end()))
    server.listen(0, '127.0.0.1')
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    client.resume()
    seen = []
    client.on('end', calls.must_call(lambda: seen.append(client.destroyed)))
    closed = wait_event(client, 'close')
    closed.get(timeout=WAIT)
    assert seen == [False]
    server.close()
    assert server.wait_closed(WAIT)
