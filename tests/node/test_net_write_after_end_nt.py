"""Port of Node's test/parallel/test-net-write-after-end-nt.js.

Checks that a write inside the client's 'end' handler (the server ended
first and the client ended too) returns False, passes EPIPE to its
callback, and emits 'error' only later, never from inside ``write()``.
"""

from gevent.event import AsyncResult

import gnet

from nodeport import WAIT


def _write_in_end_handler(calls):
    """(write()'s return, 'error' seen during write(), callback's err, 'error' arg,
    'close''s had_error)."""
    server = gnet.create_server(calls.must_call(lambda sock: sock.end()))
    result = {}
    callback_error = AsyncResult()
    emitted_error = AsyncResult()
    closed = AsyncResult()   # had_error

    def on_listening():
        def on_connect():
            def on_end():
                ret = client.write('hello', calls.must_call(callback_error.set))
                result['ret'], result['error_during_write'] = ret, emitted_error.ready()

            client.on('error', emitted_error.set)
            client.on('end', calls.must_call(on_end))
            client.on('close', closed.set)
            client.end()

        client = gnet.connect(server.address()['port'], calls.must_call(on_connect))

    server.listen(calls.must_call(on_listening))
    had_error = closed.get(timeout=WAIT)
    server.close()
    assert server.wait_closed(WAIT)
    assert callback_error.ready()   # called before 'close'
    return (result['ret'], result['error_during_write'], callback_error.get(),
            emitted_error.get() if emitted_error.ready() else None, had_error)


def test_write_after_end_errors_on_a_later_turn(calls):
    ret, error_during_write, callback_err, emitted, had_error = _write_in_end_handler(calls)
    assert ret is False
    assert not error_during_write, "'error' was emitted synchronously"
    # Node 20: writeAfterFIN, since the peer's FIN came without allowHalfOpen.
    assert callback_err.code == 'EPIPE'
    assert str(callback_err) == 'This socket has been ended by the other party'
    assert emitted is callback_err   # the same error, as 'error' on a later turn
    assert had_error is True
