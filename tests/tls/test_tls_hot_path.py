"""The TLS read/write fast path: records split or batched across reads, held session tickets.

TLSSocket._pump calls SSLObject.read() only while the incoming BIO holds
bytes (no SSLWantReadError per message), and a TLS 1.3 server holds its
session tickets for the first reply when the client's data came with its
Finished. These tests drive the edges of both with a plain blocking
stdlib client running in a real thread.
"""

import socket
import ssl
import time

import gevent
import pytest

from gnet import tls


def _echo_server(certs, on_secure=None):
    def echo(sock):
        sock.on('data', sock.write)
    srv = tls.create_server({'key': certs.server.key, 'cert': certs.server.cert},
                            on_secure or echo)
    srv.listen(0, '127.0.0.1')
    return srv, srv.address()['port']


def _client_context(certs, version=None):
    ctx = ssl.create_default_context(cadata=certs.ca)
    if version is not None:
        ctx.maximum_version = version
    return ctx


def _in_thread(fn, *args):
    """Run blocking client code in a real thread; wait for it without blocking the hub."""
    return gevent.get_hub().threadpool.spawn(fn, *args).get(timeout=20)


def _bio_client(port, certs):
    """A connected raw socket and a finished SSLObject handshake over it (blocking)."""
    raw = socket.create_connection(('127.0.0.1', port), timeout=10)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = _client_context(certs).wrap_bio(incoming, outgoing, server_hostname='localhost')
    while True:
        try:
            obj.do_handshake()
            break
        except ssl.SSLWantReadError:
            if outgoing.pending:
                raw.sendall(outgoing.read())
            incoming.write(raw.recv(65536))
    if outgoing.pending:
        raw.sendall(outgoing.read())
    return raw, obj, incoming, outgoing


def _read_plain(raw, obj, incoming, size):
    got = b''
    while len(got) < size:
        try:
            got += obj.read(65536)
        except ssl.SSLWantReadError:
            data = raw.recv(65536)
            assert data, 'server closed early'
            incoming.write(data)
    return got


def test_records_split_into_small_tcp_segments(certs):
    """A record arriving in 7-byte pieces: partial records in the BIO, then complete."""
    srv, port = _echo_server(certs)

    def client():
        raw, obj, incoming, outgoing = _bio_client(port, certs)
        payload = bytes(range(256)) * 80   # 20 KiB: two records
        obj.write(payload)
        cipher = outgoing.read()
        for i in range(0, len(cipher), 7):
            raw.sendall(cipher[i:i + 7])
            if i % 700 == 0:
                time.sleep(0.001)
        echoed = _read_plain(raw, obj, incoming, len(payload))
        raw.close()
        return echoed == payload

    try:
        assert _in_thread(client)
    finally:
        srv.close()


def test_many_records_in_one_segment(certs):
    """Fifty records sent in one write: every one decrypted, nothing left in the BIO."""
    srv, port = _echo_server(certs)

    def client():
        raw, obj, incoming, outgoing = _bio_client(port, certs)
        parts = [b'%03d:' % i + b'x' * i for i in range(50)]
        for part in parts:
            obj.write(part)          # one record each
        raw.sendall(outgoing.read())
        want = b''.join(parts)
        echoed = _read_plain(raw, obj, incoming, len(want))
        raw.close()
        return echoed == want

    try:
        assert _in_thread(client)
    finally:
        srv.close()


@pytest.mark.parametrize('style', ['flowing', 'never-read'])
def test_tls13_session_tickets_reach_a_client_the_server_never_answers(certs, style):
    """Tickets held for the first reply still go out when there is no reply."""
    if style == 'flowing':
        def on_secure(sock):
            sock.on('data', lambda d: None)
    else:
        def on_secure(sock):
            pass   # nobody reads: the bytes that came with the handshake stay buffered
    srv, port = _echo_server(certs, on_secure=on_secure)

    def client():
        raw = socket.create_connection(('127.0.0.1', port), timeout=10)
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = _client_context(certs).wrap_bio(incoming, outgoing, server_hostname='localhost')
        while True:
            try:
                obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                if outgoing.pending:
                    raw.sendall(outgoing.read())
                incoming.write(raw.recv(65536))
        obj.write(b'hello')   # the data rides with the client's Finished
        raw.sendall(outgoing.read())
        raw.settimeout(5)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                obj.read(1024)
                return 'unexpected data'
            except ssl.SSLWantReadError:
                pass
            session = obj.session
            if session is not None and session.has_ticket:
                raw.close()
                return 'ticket'
            incoming.write(raw.recv(65536))
        return 'no ticket'

    try:
        assert _in_thread(client) == 'ticket'
    finally:
        srv.close()


@pytest.mark.parametrize('version', [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_handshake_finishes_when_the_listener_never_writes(certs, version):
    """TLS 1.2's server Finished is never held back (only TLS 1.3 tickets are)."""
    srv, port = _echo_server(certs, on_secure=lambda sock: gevent.sleep(0))

    def client():
        raw = socket.create_connection(('127.0.0.1', port), timeout=5)
        with _client_context(certs, version).wrap_socket(raw, server_hostname='localhost') as s:
            return s.version()

    try:
        assert _in_thread(client) == version.name.replace('v1_', 'v1.')
    finally:
        srv.close()


def test_flowing_after_a_short_blocking_recv_gets_the_rest_of_the_record(certs):
    """recv(5) leaves plaintext inside OpenSSL (not in the BIO); 'data' must still get it."""
    def on_secure(sock):
        sock.write(sock.recv(5))
        sock.on('data', sock.write)   # the rest of the record, with nothing more to come

    srv, port = _echo_server(certs, on_secure=on_secure)

    def client():
        raw = socket.create_connection(('127.0.0.1', port), timeout=5)
        with _client_context(certs).wrap_socket(raw, server_hostname='localhost') as s:
            s.sendall(b'0123456789abcdefghij')   # one record
            got = b''
            s.settimeout(3)
            try:
                while len(got) < 20:
                    got += s.recv(100)
            except socket.timeout:
                pass
            return got

    try:
        assert _in_thread(client) == b'0123456789abcdefghij'
    finally:
        srv.close()
