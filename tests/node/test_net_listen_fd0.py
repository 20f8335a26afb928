"""Port of Node's test/parallel/test-net-listen-fd0.js.

Checks that ``listen({'fd': 0})`` on stdin, which is not a listening
socket, emits an asynchronous 'error' (EINVAL or ENOTSOCK) and never raises.
"""

import gnet

from nodeport import WAIT, wait_event


def test_listen_on_stdin_is_an_async_error(calls):
    server = gnet.create_server()
    failed = wait_event(server, 'error')
    emitted_during_listen = []
    server.on('error', emitted_during_listen.append)
    server.listen({'fd': 0}, calls.must_not_call('listen callback'))
    assert emitted_during_listen == []  # not synchronous
    err, = failed.get(timeout=WAIT)
    assert err.code in ('EINVAL', 'ENOTSOCK')
    assert err.syscall == 'listen'
    assert not server.listening
