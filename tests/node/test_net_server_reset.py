"""Port of Node's test/parallel/test-net-server-reset.js.

Checks that after ``close()``, ``reset_and_destroy()`` on both accepted
sockets gives each client an ECONNRESET 'error', each socket a 'close',
and the server exactly one 'close'.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT


def test_reset_both_connections_after_close(calls):
    sockets = []
    resets = []
    all_reset = Event()

    def on_connection(conn):
        conn.on('close', calls.must_call())
        sockets.append(conn)
        if len(sockets) == 2:
            assert server.close() is server
            for each in sockets:
                assert each.reset_and_destroy() is each

    def on_client_error(err):
        resets.append(err.code)
        if len(resets) == 2:
            all_reset.set()

    server = gnet.create_server(calls.must_call(on_connection, 2))
    server.on('close', calls.must_call())

    def on_listening():
        for _ in range(2):
            client = gnet.create_connection(server.address()['port'])
            client.on('error', calls.must_call(on_client_error))

    assert server.listen(0, on_listening) is server
    assert all_reset.wait(WAIT)
    assert resets == ['ECONNRESET', 'ECONNRESET']
    assert server.wait_closed(WAIT)
