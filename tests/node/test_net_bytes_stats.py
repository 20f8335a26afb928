"""Port of Node's test/parallel/test-net-bytes-stats.js.

Checks that over two connections each sending 'foo' and 'bar', the server
sockets' ``bytes_read`` at 'end' and the clients' ``bytes_written`` at
'finish' add up to 12 each.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

ROUNDS = 2


def test_byte_counters(calls):
    totals = {'read': 0, 'written': 0}
    ended = []
    done = Event()

    def on_connection(sock):
        def on_end():
            totals['read'] += sock.bytes_read
            ended.append(1)
            sock.end()
            if len(ended) == ROUNDS:
                server.close()
        sock.on('end', on_end)
        sock.resume()

    server = gnet.create_server(calls.must_call(on_connection, ROUNDS))
    server.listen(0, '127.0.0.1')
    port = server.address()['port']

    def connect(round_no):
        client = gnet.create_connection(port, '127.0.0.1')
        client.resume()

        def on_connect():
            client.write('foo', lambda err=None: client.end('bar'))

        def on_finish():
            totals['written'] += client.bytes_written
            assert client.bytesWritten == client.bytes_written

        def on_close(had_error):
            if round_no + 1 < ROUNDS:
                connect(round_no + 1)
            else:
                done.set()
        client.on('connect', on_connect)
        client.on('finish', calls.must_call(on_finish))
        client.on('close', on_close)

    connect(0)
    assert done.wait(WAIT)
    assert server.wait_closed(WAIT)
    assert totals == {'read': 12, 'written': 12}
