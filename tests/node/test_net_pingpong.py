"""Port of Node's test/parallel/test-net-pingpong.js.

Checks 1000 PING/PONG exchanges (then a final PING with ``end()``) over a
Unix socket, TCP, ``localhost`` and ``::1`` against an allowHalfOpen
server: ``socket.server``, ``bufferSize``, ``readable``/``writable`` at each
stage, and the counts at 'close'.
"""

import socket

import pytest
from gevent.event import Event

import gnet

from nodeport import WAIT, wait_event

N = 1000


def _ping_pong(listen_args, connect_args):
    state = {'count': 0, 'sent_pongs': 0, 'final_ping': False}
    client_closed = Event()

    def on_connection(sock):
        assert sock.server is server
        sock.set_no_delay()
        sock.set_encoding('utf8')

        def on_data(data):
            # We never queue: each PONG waits for its PING.
            assert 0 <= sock.bufferSize <= 4
            assert sock.writable is True
            assert sock.readable is True
            assert state['count'] <= N
            assert data == 'PING'

            def sent(err=None):
                state['sent_pongs'] += 1
            sock.write('PONG', sent)

        def on_end():
            assert sock.allow_half_open is True
            assert sock.writable is True   # because allowHalfOpen
            assert sock.readable is False
            sock.end()

        def on_close(had_error):
            assert sock.writable is False
            assert sock.readable is False
            sock.server.close()

        sock.on('data', on_data)
        sock.on('end', on_end)
        sock.on('close', on_close)

    server = gnet.create_server({'allowHalfOpen': True}, on_connection)
    listening = wait_event(server, 'listening')
    server.listen(*listen_args)
    listening.get(timeout=WAIT)   # 'localhost' is looked up first
    client = gnet.create_connection(*connect_args(server))
    client.set_encoding('ascii')

    def on_connect():
        assert client.readable is True
        assert client.writable is True
        client.write('PING')

    def on_data(data):
        assert data == 'PONG'
        state['count'] += 1
        if state['final_ping']:
            assert client.writable is False
            assert client.readable is True
            return
        assert client.writable is True
        assert client.readable is True
        if state['count'] < N:
            client.write('PING')
        else:
            state['final_ping'] = True
            client.write('PING')
            client.end()

    def on_error(err):
        raise err

    client.on('connect', on_connect)
    client.on('data', on_data)
    client.on('error', on_error)
    client.on('close', lambda had_error: client_closed.set())
    assert client_closed.wait(WAIT)
    assert server.wait_closed(WAIT)
    assert state['count'] == N + 1
    assert state['sent_pongs'] == N + 1
    assert state['final_ping'] is True


def test_pipe(pipe_path):
    _ping_pong((pipe_path,), lambda server: (pipe_path,))


def test_tcp():
    _ping_pong((0,), lambda server: (server.address()['port'],))


def test_localhost():
    _ping_pong((0, 'localhost'), lambda server: (server.address()['port'], 'localhost'))


@pytest.mark.skipif(not socket.has_ipv6, reason='no IPv6 on this host')
def test_ipv6_loopback():
    _ping_pong((0, '::1'), lambda server: (server.address()['port'], '::1'))
