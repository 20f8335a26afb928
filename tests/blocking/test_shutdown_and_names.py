"""shutdown(), fileno(), getpeername()/getsockname(), socket attributes, as gevent's."""

import socket

import gevent
from gevent import socket as gsocket

import gnet
from blocking_helpers import LOCAL, attempt, read_all


def test_shutdown_write_sends_eof_and_reading_goes_on(differential):
    def body(sock, peer):
        sock.sendall(b'before')
        steps = [attempt(sock.shutdown, socket.SHUT_WR), read_all(peer)]
        peer.sendall(b'reply')
        sock.settimeout(5)
        steps += [attempt(sock.recv, 10), attempt(sock.send, b'late'),
                  attempt(sock.sendall, b'late')]
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[:3] == [('ok', None), b'before', ('ok', b'reply')]
    assert gevents[3] == ('raised', 'BrokenPipeError', 32, '[Errno 32] Broken pipe')


def test_shutdown_read_and_both(differential):
    def body(sock, peer):
        steps = [attempt(sock.shutdown, socket.SHUT_RD), attempt(sock.recv, 10)]
        sock.sendall(b'one way')
        steps += [attempt(sock.shutdown, socket.SHUT_RDWR), read_all(peer),
                  attempt(sock.recv, 10)]
        sock.close()
        steps.append(attempt(sock.shutdown, socket.SHUT_RDWR))
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[:4] == [('ok', None), ('ok', b''), ('ok', None), b'one way']
    assert gevents[5][1:3] == ('OSError', 9)


def test_names_and_descriptor(differential):
    def body(sock, peer):
        steps = [sock.fileno() > 2, sock.getpeername() == peer.getsockname(),
                 sock.getsockname() == peer.getpeername(), sock.family, sock.type,
                 sock.proto, sock.gettimeout(),
                 sock.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE),
                 attempt(sock.setsockopt, socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),
                 sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0]
        sock.close()
        steps += [sock.fileno(), attempt(sock.getpeername), attempt(sock.getsockname),
                  attempt(sock.getsockopt, socket.SOL_SOCKET, socket.SO_TYPE), attempt(sock.close)]
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[:11] == [True, True, True, socket.AF_INET, socket.SOCK_STREAM, 0, None,
                            socket.SOCK_STREAM, ('ok', None), True, -1]


def test_peer_end_of_file(differential):
    def body(sock, peer):
        sock.settimeout(5)
        peer.sendall(b'last words')
        peer.shutdown(socket.SHUT_WR)
        return [attempt(sock.recv, 100), attempt(sock.recv, 100), attempt(sock.recv, 100),
                attempt(sock.sendall, b'still writable')]
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents == [('ok', b'last words'), ('ok', b''), ('ok', b''), ('ok', None)]


def test_peer_reset(differential):
    def body(sock, peer):
        sock.settimeout(5)
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
        peer.close()  # RST, delivered before close() returns (loopback)
        return [attempt(sock.recv, 100), attempt(sock.send, b'x'), attempt(sock.recv, 100),
                attempt(sock.sendall, b'x')]
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[0] == ('raised', 'ConnectionResetError', 104,
                          '[Errno 104] Connection reset by peer')


def test_context_manager_closes(differential):
    def body(sock, peer):
        with sock as entered:
            same = entered is sock
            sock.sendall(b'with')
        return same, sock.fileno(), read_all(peer)
    gevents, ours = differential(body)
    assert ours == gevents == (True, -1, b'with')


def test_context_manager_flushes_what_write_queued():
    # gnet only (gevent has no write()): leaving ``with`` is Python's close(),
    # so bytes still queued by write() reach the peer before the FIN.
    def handle(sock, address):
        with sock:
            sock.write(b'w' * (8 << 20))
    server = gnet.Server((LOCAL, 0), handle)
    server.start()
    try:
        peer = gsocket.create_connection((LOCAL, server.server_port), timeout=10)
        with peer:
            assert len(gevent.spawn(read_all, peer).get(timeout=10)) == 8 << 20
    finally:
        server.stop()


def test_sendfile_getblocking_inheritable(differential, tmp_path):
    source = tmp_path / 'payload.bin'
    source.write_bytes(bytes(range(256)) * 1000)

    def body(sock, peer):
        reader = gevent.spawn(read_all, peer)
        with open(source, 'rb') as f:
            steps = [attempt(sock.sendfile, f, 10, 100_000), f.tell()]
        with open(source, 'r') as text:
            steps.append(attempt(sock.sendfile, text)[:2])
        steps += [sock.getblocking(), attempt(sock.set_inheritable, True),
                  sock.get_inheritable()]
        sock.setblocking(False)
        steps.append(sock.getblocking())
        with open(source, 'rb') as f:
            steps.append(attempt(sock.sendfile, f))
        sock.close()
        data = reader.get(timeout=10)
        return steps, data == source.read_bytes()[10:100_010]
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents == ([('ok', 100_000), 100_010, ('raised', 'ValueError'), True, ('ok', None),
                        True, False, ('raised', 'ValueError', None,
                                      'non-blocking sockets are not supported')], True)


def test_detach_gives_the_descriptor_away(differential):
    def body(sock, peer):
        fd = sock.detach()
        steps = [fd > 2, sock.fileno(), attempt(sock.recv, 1)]
        with socket.socket(fileno=fd) as plain:
            plain.sendall(b'from the descriptor')
        return steps, read_all(peer)
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents == ([True, -1, ('raised', 'OSError', 9, '[Errno 9] Bad file descriptor')],
                       b'from the descriptor')
