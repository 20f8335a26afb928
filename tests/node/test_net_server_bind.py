"""Port of Node's test/sequential/test-net-server-bind.js.

Checks ``listen(cb)`` (an OS port), ``listen(port)``, ``listen(port, cb)``,
``listen(port, '0.0.0.0', 127, cb)`` and ``listen(port, 127, cb)`` (a
backlog without a host): each binds where Node would. Node's private
``_connectionKey`` becomes the public ``address()``; port 0 replaces
Node's fixed ports, and 'listening' replaces its 100 ms wait.
"""

import socket

import gnet

from nodeport import WAIT, wait_event

ANY = '::' if socket.has_ipv6 else '0.0.0.0'


def _listen(*args):
    server = gnet.create_server()
    listening = wait_event(server, 'listening')
    server.listen(*args)
    listening.get(timeout=WAIT)
    return server


def _free_port():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_listen_with_callback_gets_an_os_port(calls):
    server = _listen(calls.must_call())
    try:
        assert server.address()['port'] > 0
        assert server.address()['address'] == ANY
    finally:
        server.close()


def test_listen_port_without_callback():
    server = _listen(0)
    try:
        address = server.address()
        assert address['address'] == ANY
        assert address['family'] == ('IPv6' if ANY == '::' else 'IPv4')
    finally:
        server.close()


def test_listen_given_port_and_callback(calls):
    port = _free_port()
    server = _listen(port, calls.must_call())
    try:
        assert server.address()['port'] == port
    finally:
        server.close()


def test_listen_port_host_backlog_callback(calls):
    server = _listen(0, '0.0.0.0', 127, calls.must_call())
    try:
        assert server.address()['address'] == '0.0.0.0'
        assert server.address()['family'] == 'IPv4'
    finally:
        server.close()


def test_backlog_without_host(calls):
    port = _free_port()
    server = _listen(port, 127, calls.must_call())
    try:
        assert server.address() == {'address': ANY, 'port': port,
                                    'family': 'IPv6' if ANY == '::' else 'IPv4'}
    finally:
        server.close()
