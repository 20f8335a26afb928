"""Port of Node's test/parallel/test-net-bytes-stats.js.

Checks that over two connections of one client socket (connected again
after its 'close'), each sending 'foo' and 'bar', the server sockets'
``bytes_read`` at 'end' and the client's ``bytes_written`` at 'finish' add
up to 12 each.
"""

from gevent.event import Event


import gnet

from nodeport import WAIT

ROUNDS = 2


def test_byte_counters(calls):
    totals = {'read': 0, 'written': 0, 'count': 0}
    done = Event()
    revived = []

    def on_connection(sock):
        sock.resume()

        def on_end():
            totals['read'] += sock.bytes_read
        sock.on('end', calls.must_call(on_end))

    server = gnet.Server(calls.must_call(on_connection, ROUNDS))

    def on_listening():
        sock = gnet.create_connection(server.address()['port'])

        def on_connect():
            totals['count'] += 1
            sock.write('foo', lambda err=None: sock.end('bar'))

        def on_finish():
            totals['written'] += sock.bytes_written

        def on_close(had_error):
            if totals['count'] < ROUNDS:
                assert sock.connect(server.address()['port']) is sock   # the same Socket
                # Node's connect() revives a destroyed socket (_undestroy).
                revived.append(sock.destroyed is False)
                if not revived[-1]:
                    done.set()   # it will never connect: fail now, not at the timeout
            else:
                server.close()
                done.set()

        sock.on('connect', calls.must_call(on_connect, ROUNDS))
        sock.on('finish', calls.must_call(on_finish, ROUNDS))
        sock.on('close', calls.must_call(on_close, ROUNDS))
        sock.resume()

    server.listen(0, calls.must_call(on_listening))
    assert done.wait(WAIT)
    assert revived == [True], 'connect() after close left the socket destroyed'
    assert server.wait_closed(WAIT)
    assert (totals['read'], totals['written']) == (12, 12)
