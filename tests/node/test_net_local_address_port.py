"""Port of Node's test/parallel/test-net-local-address-port.js.

Checks that a server-side socket's ``local_address`` is ``127.0.0.1`` and
its ``local_port`` the server's port.
"""

import gnet

from nodeport import WAIT, wait_event


def test_local_address_and_port(calls):
    seen = []

    def on_connection(sock):
        seen.append((sock.local_address, sock.local_port, sock.localAddress, sock.localPort))
        sock.on('end', lambda: server.close())
        sock.resume()

    server = gnet.create_server(calls.must_call(on_connection))
    server.listen(0, '127.0.0.1')
    port = server.address()['port']
    client = gnet.create_connection(port, '127.0.0.1')
    client.on('connect', lambda: client.end())
    client.resume()
    wait_event(client, 'close').get(timeout=WAIT)
    assert server.wait_closed(WAIT)
    assert seen == [('127.0.0.1', port, '127.0.0.1', port)]
