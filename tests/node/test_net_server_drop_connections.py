"""Port of Node's test/parallel/test-net-server-drop-connections.js.

Checks that a connection over ``max_connections`` is dropped with a 'drop'
event whose dict has truthy localAddress, localPort, remoteAddress,
remotePort and remoteFamily (and that a Unix server's 'drop' has no argument).
"""

import gnet

from nodeport import WAIT, wait_event


def test_drop_event_data(calls):
    kept = []
    server = gnet.create_server(calls.must_call(kept.append))
    server.max_connections = 1
    server.listen(0, '127.0.0.1')
    port = server.address()['port']
    connected = wait_event(server, 'connection')
    first = gnet.connect(port, '127.0.0.1')
    connected.get(timeout=WAIT)
    dropped = wait_event(server, 'drop')
    second = gnet.connect(port, '127.0.0.1')
    second.on('error', lambda err: None)
    data, = dropped.get(timeout=WAIT)
    for key in ('localAddress', 'localPort', 'remoteAddress', 'remotePort', 'remoteFamily'):
        assert data[key], key
    assert data['localPort'] == port
    assert data['remoteFamily'] == 'IPv4'
    assert data['remotePort'] == second.local_port or second.destroyed
    first.destroy()
    kept[0].destroy()
    server.close()
    assert server.wait_closed(WAIT)


def test_unix_server_drop_has_no_argument(pipe_path, calls):
    kept = []
    server = gnet.create_server(calls.must_call(kept.append))
    server.max_connections = 1
    server.listen(pipe_path)
    connected = wait_event(server, 'connection')
    first = gnet.connect(pipe_path)
    connected.get(timeout=WAIT)
    dropped = wait_event(server, 'drop')
    second = gnet.connect(pipe_path)
    second.on('error', lambda err: None)
    assert dropped.get(timeout=WAIT) == ()
    first.destroy()
    kept[0].destroy()
    server.close()
    assert server.wait_closed(WAIT)
