"""Port of Node's test/parallel/test-net-throttle.js.

Checks that a server writing 1 KiB chunks until ``write()`` returns False,
then two more, loses nothing while its client pauses and resumes on every
chunk: the client receives every byte, over more than one pause.
"""

import gevent
from gevent.event import Event

import gnet

from nodeport import WAIT

#: How long the client stays paused: the behaviour under test (no 'data'
#: while paused), not a synchronisation.
PAUSE = 0.005


def test_nothing_is_lost_under_backpressure(calls):
    state = {'total': 0, 'received': 0, 'pauses': 0, 'paused': False}
    done = Event()

    def on_connection(conn):
        body = 'C' * 1024
        count = 1
        while conn.write(body):
            count += 1
        conn.write(body)
        conn.write(body)
        count += 2
        state['total'] = count * len(body)
        assert conn.bufferSize >= 0
        assert conn.writable_length <= state['total']
        conn.end()

    server = gnet.create_server(calls.must_call_at_least(on_connection))

    def on_listening():
        client = gnet.create_connection(server.address()['port'])
        client.set_encoding('ascii')

        def on_data(chunk):
            assert isinstance(chunk, str)
            state['received'] += len(chunk)
            if not state['paused']:
                client.pause()
                state['pauses'] += 1
                state['paused'] = True
                seen = state['received']

                def resume():
                    assert state['received'] == seen, "'data' while paused"
                    client.resume()
                    state['paused'] = False
                gevent.spawn_later(PAUSE, resume)

        def on_end():
            server.close()
            client.end()
            done.set()

        client.on('data', calls.must_call_at_least(on_data))
        client.on('end', on_end)

    server.listen(0, calls.must_call(on_listening))
    assert done.wait(WAIT * 3)
    assert state['received'] == state['total']
    assert state['pauses'] > 1
    assert server.wait_closed(WAIT)
