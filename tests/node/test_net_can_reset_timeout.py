"""Port of Node's test/parallel/test-net-can-reset-timeout.js.

Checks that writing inside the 'timeout' handler restarts the idle timer:
'timeout' fires exactly once before the client ends the connection.
"""

import gnet

from nodeport import WAIT, wait_event


def test_write_in_timeout_handler_resets_the_timer(calls):
    def on_connection(stream):
        stream.set_timeout(50)
        stream.resume()
        stream.on('timeout', calls.must_call(lambda: stream.write('WHAT.')))
        stream.on('end', lambda: stream.end())

    server = gnet.create_server(calls.must_call(on_connection))
    server.listen(0, '127.0.0.1')
    client = gnet.create_connection(server.address()['port'], '127.0.0.1')
    client.on('data', lambda data: client.end())
    client.on('end', lambda: server.close())
    closed = wait_event(client, 'close')
    closed.get(timeout=WAIT)
    assert server.wait_closed(WAIT)
