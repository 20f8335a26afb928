"""Port of Node's test/parallel/test-net-socket-end-callback.js.

Checks that ``end(cb)``, ``end('foo', cb)`` and ``end('foo', 'utf8', cb)``
all call ``cb`` (at 'finish'), each returning the socket.
"""

import pytest
from gevent.event import AsyncResult

import gnet

from nodeport import WAIT, settle, wait_event


@pytest.fixture
def server():
    server = gnet.create_server(lambda sock: sock.resume())
    server.listen(0, '127.0.0.1')
    yield server
    server.close()
    assert server.wait_closed(WAIT)


@pytest.mark.parametrize('args', [(), ('foo',), ('foo', 'utf8')],
                         ids=['end(cb)', "end('foo', cb)", "end('foo', 'utf8', cb)"])
def test_end_calls_its_callback(server, args, calls):
    client = gnet.connect(server.address()['port'], '127.0.0.1')
    connected = wait_event(client, 'connect')
    connected.get(timeout=WAIT)
    finished = []
    client.on('finish', lambda: finished.append('finish'))
    called = AsyncResult()
    callback = calls.must_call(lambda *err: (finished.append('cb'), called.set(err)))
    assert client.end(*args, callback) is client
    assert called.get(timeout=WAIT) in ((), (None,))
    settle()   # 'finish' follows the callback
    assert finished == ['cb', 'finish']   # Node: end callbacks run just before 'finish'
    client.destroy()
