"""Port of Node's test/parallel/test-net-better-error-messages-listen-path.js.

Checks that listening on a path in a directory that does not exist gives an
'error' whose ``address`` is that path.
"""

import os

import gnet

from nodeport import WAIT, wait_event


def test_listen_path_error_has_address(pipe_path, calls):
    path = os.path.join(os.path.dirname(pipe_path), 'no-such-dir', 'fadfa')
    server = gnet.create_server(calls.must_not_call('connection'))
    failed = wait_event(server, 'error')
    server.listen(path, calls.must_not_call('listen callback'))
    err, = failed.get(timeout=WAIT)
    assert err.address == path
    assert err.code == 'ENOENT'
    assert err.syscall == 'listen'
    assert not server.listening
