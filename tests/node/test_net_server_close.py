"""Port of Node's test/parallel/test-net-server-close.js.

Checks that ``close()`` returns the server and, with two connections open,
'close' comes only after both are destroyed, each socket emitting 'close'.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT


def test_close_waits_for_both_connections(calls):
    events = []
    sockets = []
    done = Event()

    def record(event):
        events.append(event)
        if len(events) == 3:
            done.set()

    def on_connection(conn):
        conn.on('close', calls.must_call(lambda had_error: record('client')))
        sockets.append(conn)
        if len(sockets) == 2:
            assert server.close() is server
            assert events == []
            for each in sockets:
                each.destroy()

    def on_server_close():
        record('server')
        assert all(each.destroyed for each in sockets)

    server = gnet.create_server(calls.must_call(on_connection, 2))
    server.on('close', calls.must_call(on_server_close))

    def on_listening():
        for _ in range(2):
            client = gnet.create_connection(server.address()['port'])
            client.on('error', lambda err: None)  # a reset is allowed here

    server.listen(0, calls.must_call(on_listening))
    assert done.wait(WAIT)
    assert server.wait_closed(WAIT)
    # Node: one server event and two client events, in an order not specified.
    assert sorted(events) == ['client', 'client', 'server']
