"""Non-blocking mode and timeouts behave as on a gevent socket."""

import socket

import gevent

from blocking_helpers import attempt, read_all

#: More than loopback's socket buffers hold while the peer reads nothing.
BIG = 64 << 20


def test_non_blocking_mode(differential):
    def body(sock, peer):
        steps = [sock.gettimeout(), attempt(sock.setblocking, False), sock.gettimeout(),
                 attempt(sock.recv, 10), attempt(sock.recv_into, bytearray(10))]
        peer.sendall(b'abc')
        sock.setblocking(True)
        steps.append(attempt(sock.recv, 1))  # 'a'; 'bc' came in the same segment
        sock.setblocking(False)
        steps += [attempt(sock.recv, 10), attempt(sock.recv, 10)]
        sent = sock.send(b'y' * BIG)  # what the kernel takes at once
        steps.append(0 < sent < BIG)
        for _ in range(1000):  # the kernel may free room meanwhile: fill it up
            outcome = attempt(sock.send, b'y' * BIG)
            if outcome[0] == 'raised':
                break
        # sendall() on a full buffer: BlockingIOError when the kernel takes
        # nothing, gevent's timeout when it took a part first (TCP may grow
        # the send buffer meanwhile, so which one is timing; both are gevent's).
        last = attempt(sock.sendall, b'z' * BIG)[1:3]
        steps += [outcome[1:3], last in {('BlockingIOError', 11), ('TimeoutError', None)}]
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[:6] == [None, ('ok', None), 0.0,
                           ('raised', 'BlockingIOError', 11, '[Errno 11] Resource temporarily '
                            'unavailable'),
                           ('raised', 'BlockingIOError', 11, '[Errno 11] Resource temporarily '
                            'unavailable'), ('ok', b'a')]


def test_timeouts(differential):
    def body(sock, peer):
        steps = [attempt(sock.settimeout, 0.05), sock.gettimeout(),
                 attempt(sock.recv, 10), attempt(sock.recv_into, bytearray(5)),
                 attempt(sock.sendall, b'w' * BIG)]
        peer.sendall(b'still usable')
        sock.settimeout(5)
        steps.append(attempt(sock.recv, 12))
        sock.settimeout(None)
        steps.append(sock.gettimeout())
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    timed_out = ('raised', 'TimeoutError', None, 'timed out')
    assert gevents == [('ok', None), 0.05, timed_out, timed_out, timed_out,
                       ('ok', b'still usable'), None]


def test_sendall_timeout_then_the_peer_reads_what_was_taken(differential):
    def body(sock, peer):
        sock.settimeout(0.05)
        result = attempt(sock.sendall, b'q' * BIG)
        reader = gevent.spawn(read_all, peer)
        sock.settimeout(5)
        sock.sendall(b'END')
        sock.close()
        data = reader.get(timeout=10)
        return result, data.endswith(b'qEND'), set(data[:-3]) == {ord('q')}
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents == (('raised', 'TimeoutError', None, 'timed out'), True, True)


def test_default_timeout_is_none_and_setdefaulttimeout_is_not_applied(differential):
    def body(sock, peer):
        return sock.gettimeout(), socket.getdefaulttimeout()
    gevents, ours = differential(body)
    assert ours == gevents == (None, None)
