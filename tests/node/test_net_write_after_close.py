"""Port of Node's test/parallel/test-net-write-after-close.js.

Checks that a server socket writing after its client ended (and after the
socket has closed) gets its write callback called with an error and
emits no further 'error'. Node 20 answers EPIPE "This socket has been
ended by the other party" (the stored test predates that); Node writes
250 ms later, this port once the socket's 'close' has fired.
"""

from gevent.event import AsyncResult

import gnet

from nodeport import WAIT


def test_write_after_peer_ended_and_closed(calls):
    callback_error = AsyncResult()
    errors_seen = []
    returned = AsyncResult()

    def on_connection(sock):
        sock.resume()
        sock.on('error', errors_seen.append)

        def on_close(had_error):
            returned.set(sock.write('test', calls.must_call(callback_error.set)))
        sock.on('close', on_close)

    server = gnet.create_server(calls.must_call(on_connection))
    server.listen(0, lambda: gnet.connect(server.address()['port'], lambda: None).end())
    assert returned.get(timeout=WAIT) is False
    err = callback_error.get(timeout=WAIT)
    server.close()
    assert server.wait_closed(WAIT)
    assert errors_seen == []
    assert err.code == 'EPIPE'
    assert str(err) == 'This socket has been ended by the other party'
