"""Port of Node's test/parallel/test-net-socket-byteswritten.js.

Checks that ``bytes_written`` counts queued bytes straight after
``write()`` — 3 + 4 UTF-8 bytes for 'one' and 'twø' — before connect, at
'connect' and at 'end'. Node corks the socket to force one writev; gnet
has no cork()/uncork() (a Node stream detail), so the two writes are
queued before connect instead, which sends them together too.
"""

import gnet

from nodeport import WAIT, wait_event


def test_bytes_written_counts_queued_bytes(calls):
    accepted = []
    server = gnet.create_server(lambda sock: (accepted.append(sock), sock.end()))
    server.listen(0, '127.0.0.1')
    sock = gnet.connect(server.address()['port'], '127.0.0.1')
    sock.write('one')
    sock.write('twø'.encode('utf8'))
    assert sock.bytes_written == 3 + 4
    seen = []
    sock.on('connect', calls.must_call(lambda: seen.append(sock.bytes_written)))

    def on_end():
        seen.append(sock.bytes_written)
        server.close()
    sock.on('end', calls.must_call(on_end))
    sock.resume()
    wait_event(sock, 'close').get(timeout=WAIT)
    # The server side never reads the 7 bytes, so (as in Node) it never sees
    # 'end' and stays open; Node's process exits anyway, here we destroy it.
    for each in accepted:
        each.destroy()
    assert server.wait_closed(WAIT)
    assert seen == [7, 7]
