"""Soak with checksums: bytes through 50 connections, SHA-256 checked on both ends.

CI profile 50 MB in all, full profile (GNET_FULL=1) 1 GB. Both directions
of every connection carry an independent random stream of random length,
written in random sizes (1 B to 256 KiB); the server (allowHalfOpen) serves
half its connections in event style (write()/'drain', random pause() and
resume() of 'data') and half in blocking style (recv() of random sizes in
the listener, sendall() from a second greenlet). Each side half-closes
when its own stream is done, so either side may end first and keep
reading. The SHA-256 and length of every stream must match on both ends.
"""

import hashlib
import os
import random

import gevent
import pytest
from gevent import socket as gsocket

import gnet
from reliability_helpers import tcp_connect, Counter, get_connections, profile

TOTAL = profile(50 * 10**6, 10**9)
CONNECTIONS = 50
MAX_WRITE = 256 * 1024
BLOCK = os.urandom(4 << 20)


def stream(rng, total):
    """Random-sized slices of BLOCK adding up to *total* bytes."""
    left = total
    while left:
        size = min(rng.randint(1, MAX_WRITE), left)
        offset = rng.randrange(len(BLOCK) - size)
        left -= size
        yield BLOCK[offset:offset + size]


def stream_size(rng):
    return rng.randint(0, 2 * TOTAL // (2 * CONNECTIONS))


class Digest:
    def __init__(self):
        self.sha, self.size = hashlib.sha256(), 0

    def update(self, data):
        self.sha.update(data)
        self.size += len(data)

    def result(self):
        return self.size, self.sha.hexdigest()


def serve_event_style(sock, rng, done):
    received, sent = Digest(), Digest()
    chunks = stream(rng, stream_size(rng))

    def pump():
        if sock.writable_ended or sock.destroyed:
            return
        for chunk in chunks:
            sent.update(chunk)
            if not sock.write(chunk):
                return   # 'drain' calls pump again
        sock.end()

    def on_data(chunk):
        received.update(chunk)
        if rng.random() < 0.02:
            sock.pause()
            gevent.spawn_later(rng.random() * 0.005, sock.resume)

    sock.on('drain', pump)
    sock.on('data', on_data)
    sock.on('close', lambda had_error: done(had_error, received, sent))
    pump()


def serve_blocking_style(sock, rng, done):
    received, sent = Digest(), Digest()
    chunks = list(stream(random.Random(rng.random()), stream_size(rng)))

    def send():
        for chunk in chunks:
            sent.update(chunk)
            sock.sendall(chunk)
        sock.end()

    sender = gevent.spawn(send)
    while True:
        chunk = sock.recv(rng.randint(1, 2 * MAX_WRITE))
        if not chunk:
            break
        received.update(chunk)
    sender.get()
    sock.on('close', lambda had_error: done(had_error, received, sent))


def client(address, seed):
    rng = random.Random(seed)
    c = tcp_connect(address[1])
    port = c.getsockname()[1]
    sent, received = Digest(), Digest()

    def send():
        for chunk in stream(rng, stream_size(rng)):
            sent.update(chunk)
            c.sendall(chunk)
        c.shutdown(gsocket.SHUT_WR)   # half-close: keep reading

    sender = gevent.spawn(send)
    while True:
        chunk = c.recv(65536)
        if not chunk:
            break
        received.update(chunk)
    sender.get()
    c.close()
    return port, sent.result(), received.result()


@pytest.mark.timeout(profile(90, 1800))
def test_checksummed_streams_survive_mixed_styles_pauses_and_half_closes():
    server_side, closed = {}, Counter()
    seed = random.randrange(1 << 30)

    def on_connection(sock):
        port = sock.remote_port
        rng = random.Random(seed * 65536 + port)

        def done(had_error, received, sent):
            server_side[port] = (had_error, received.result(), sent.result())
            closed.add()
        if port % 2:
            serve_event_style(sock, rng, done)
        else:
            serve_blocking_style(sock, rng, done)

    server = gnet.create_server({'allowHalfOpen': True}, on_connection)
    server.listen(0, '127.0.0.1')
    address = ('127.0.0.1', server.address()['port'])
    clients = [gevent.spawn(client, address, seed + i) for i in range(CONNECTIONS)]
    gevent.joinall(clients, raise_error=True)
    closed.wait_for(CONNECTIONS, 30)
    moved = 0
    for g in clients:
        port, sent, received = g.value
        had_error, server_received, server_sent = server_side[port]
        assert not had_error, 'seed %d port %d' % (seed, port)
        assert server_received == sent, 'seed %d port %d' % (seed, port)
        assert server_sent == received, 'seed %d port %d' % (seed, port)
        moved += sent[0] + received[0]
    assert moved > TOTAL // 2
    assert get_connections(server) == 0
    server.close()
    assert server.wait_closed(10)
