"""Port of Node's test/parallel/test-net-socket-destroy-twice.js.

Checks that calling ``destroy()`` inside the 'error' handler of a failed
connection gives exactly one 'error' and one 'close'.
"""

import socket

import gnet

from nodeport import WAIT, settle, wait_event


def _refused_port():
    """A loopback port with nothing listening on it (bound, so nobody takes it)."""
    holder = socket.socket()
    holder.bind(('127.0.0.1', 0))
    return holder, holder.getsockname()[1]


def test_destroy_in_error_handler(calls):
    holder, port = _refused_port()
    try:
        conn = gnet.connect(port, '127.0.0.1')

        def on_error(err):
            assert err.code == 'ECONNREFUSED'
            conn.destroy()
        conn.on('error', calls.must_call(on_error))
        conn.on('close', calls.must_call())
        closed = wait_event(conn, 'close')
        had_error, = closed.get(timeout=WAIT)
        assert had_error is True
        settle()   # a second 'error' or 'close' would have been queued by now
    finally:
        holder.close()
