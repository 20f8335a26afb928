"""Port of Node's test/parallel/test-net-listen-fd0.js.

Checks that ``listen({'fd': 0})`` on stdin, which is not a listening
socket, emits an asynchronous 'error' (EINVAL or ENOTSOCK) and never raises.
"""

import contextlib
import os
import stat

import gnet

from nodeport import WAIT, wait_event


@contextlib.contextmanager
def _stdin_not_a_socket():
    """Node's premise: fd 0 is no socket. Should a runner hand us one, use /dev/null."""
    if not stat.S_ISSOCK(os.fstat(0).st_mode):
        yield
        return
    saved = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    try:
        yield
    finally:
        os.dup2(saved, 0)
        os.close(saved)


def test_listen_on_stdin_is_an_async_error(calls):
    with _stdin_not_a_socket():
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
        assert os.fstat(0)   # stdin is still open
