"""Port of Node's test/parallel/test-net-socket-end-callback.js.

Checks that ``end(cb)``, ``end('foo', cb)`` and ``end('foo', 'utf8', cb)``
all call ``cb``, each returning the socket; the callback runs just before
'finish', as in Node.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT, settle


def test_end_calls_its_callback(calls):
    server = gnet.create_server(lambda sock: sock.resume())
    server.unref()
    all_called = Event()
    order = []

    def cb(*err):
        assert err in ((), (None,))
        order.append('cb')
        if order.count('cb') == 3:
            all_called.set()
    callback = calls.must_call(cb, 3)

    def on_listening():
        def connect(*args):
            sock = gnet.create_connection(server.address()['port'],
                                          lambda: order.append(sock.end(*args) is sock))
            sock.on('finish', lambda: order.append('finish'))
            sock.resume()

        connect(callback)
        connect('foo', callback)
        connect('foo', 'utf8', callback)

    server.listen(calls.must_call(on_listening))
    assert all_called.wait(WAIT)
    settle()
    server.close()
    assert order.count(True) == 3   # end() returned the socket each time
    # Node: end callbacks run just before 'finish'.
    assert [event for event in order if event is not True] == ['cb', 'finish'] * 3
