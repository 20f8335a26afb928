"""Port of Node's test/parallel/test-net-server-pause-on-connect.js.

Checks that with ``pauseOnConnect: True`` no 'data' arrives before
``resume()`` and ``bytes_read`` stays 0, while a server without the option
reads at once.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

MSG = b'test'


def test_pause_on_connect(calls):
    state = {'stopped': True, 'sock1': None}
    done = Event()

    def server1_data(data):
        assert not state['stopped'], "'data' before resume()"
        assert data == MSG
        state['sock1'].end()
        server1.close()
        done.set()

    def server1_connection(sock):
        state['sock1'] = sock
        sock.on('data', calls.must_call(server1_data))
        assert sock.is_paused()

    def server2_connection(sock):
        def on_data(data):
            assert data == MSG
            sock.end()
            server2.close()
            assert state['sock1'].bytes_read == 0
            state['sock1'].resume()
            state['stopped'] = False
        sock.on('data', calls.must_call(on_data))

    server1 = gnet.create_server({'pauseOnConnect': True}, calls.must_call(server1_connection))
    server2 = gnet.create_server({'pauseOnConnect': False}, calls.must_call(server2_connection))

    def start_server2(err=None):
        assert err is None
        server2.listen(0, lambda: gnet.create_connection(
            {'port': server2.address()['port']}).write(MSG))

    def server1_listening():
        client = gnet.create_connection({'port': server1.address()['port']})
        client.write(MSG, calls.must_call(start_server2))

    server1.listen(0, calls.must_call(server1_listening))
    assert done.wait(WAIT)
    assert state['stopped'] is False
    assert server1.wait_closed(WAIT) and server2.wait_closed(WAIT)
