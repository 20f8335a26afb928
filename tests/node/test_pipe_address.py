"""Port of Node's test/parallel/test-pipe-address.js.

Checks that a Unix-socket server's ``address()`` is the path it listens on.
"""

import gnet

from nodeport import WAIT, wait_event


def test_pipe_server_address_is_the_path(pipe_path, calls):
    server = gnet.create_server(calls.must_not_call('connection'))
    listening = wait_event(server, 'listening')
    server.listen(pipe_path, calls.must_call())
    try:
        listening.get(timeout=WAIT)
        assert server.address() == pipe_path
    finally:
        closed = wait_event(server, 'close')
        server.close()
        closed.get(timeout=WAIT)
