"""Bad arguments raise what gevent raises, before any byte is sent or consumed.

Each bad call is made on a connection that has bytes waiting in both
directions; afterwards the waiting bytes are all still there and the
peer has received nothing from the failed calls.
"""

import socket

from blocking_helpers import attempt, read_all

BAD_CALLS = [
    ('sendall', ('text',)), ('sendall', (None,)), ('sendall', (12,)), ('sendall', ([1, 2],)),
    ('sendall', (memoryview(b'abcdef')[::2],)), ('sendall', (b'x', 'flags')),
    ('send', ('text',)), ('send', (None,)), ('send', (memoryview(b'abcdef')[::2],)),
    ('recv', (-1,)), ('recv', ('10',)), ('recv', (None,)), ('recv', ()), ('recv', (10, 'flags')),
    ('recv_into', (bytearray(2), 5)), ('recv_into', (b'immutable',)),
    ('recv_into', (bytearray(4), -1)), ('recv_into', ('text',)),
    ('settimeout', (-1,)), ('settimeout', ('1',)), ('setblocking', ()),
    ('shutdown', (99,)), ('shutdown', ('x',)), ('shutdown', ()),
    ('setsockopt', (socket.SOL_SOCKET,)), ('getsockopt', ()),
    ('makefile', ('rq',)), ('makefile', ('r', 0)),
]


def test_bad_arguments_raise_as_gevent_and_consume_nothing(differential):
    def body(sock, peer):
        peer.sendall(b'waiting')
        errors = [(name, args, attempt(getattr(sock, name), *args)) for name, args in BAD_CALLS]
        sock.settimeout(5)
        pending = sock.recv(100)  # everything the peer sent, untouched
        sock.sendall(b'after')
        sock.close()
        return errors, pending, read_all(peer)
    gevents, ours = differential(body)
    assert ours[0] != 'raised', ours
    # The same exception type and errno (messages are Python's or gevent's own).
    assert [(name, args, outcome[:3]) for name, args, outcome in ours[0]] == \
        [(name, args, outcome[:3]) for name, args, outcome in gevents[0]]
    assert ours[1:] == gevents[1:] == (b'waiting', b'after')
    assert all(outcome[0] == 'raised' for _, _, outcome in gevents[0]), gevents[0]


def test_recv_of_zero_bytes_and_small_buffers_answer_as_gevent(differential):
    def body(sock, peer):
        peer.sendall(b'0123456789')
        sock.settimeout(5)
        buffer = bytearray(4)
        steps = [attempt(sock.recv, 0), attempt(sock.recv, 3), attempt(sock.recv_into, buffer),
                 bytes(buffer), attempt(sock.recv_into, buffer, 2), bytes(buffer),
                 attempt(sock.recv_into, memoryview(buffer)[1:]), bytes(buffer)]
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[:3] == [('ok', b''), ('ok', b'012'), ('ok', 4)]


def test_recvfrom_on_a_connected_socket(differential):
    def body(sock, peer):
        sock.settimeout(5)
        peer.sendall(b'abc')
        first = attempt(sock.recvfrom, 10)
        peer.sendall(b'def')
        buffer = bytearray(5)
        return first, attempt(sock.recvfrom_into, buffer), bytes(buffer), \
            attempt(sock.recvfrom, -1)[:3]
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents == (('ok', (b'abc', None)), ('ok', (3, None)), b'def\x00\x00',
                       ('raised', 'ValueError', None))
