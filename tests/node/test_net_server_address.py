"""Port of Node's test/sequential/test-net-server-address.js.

Checks ``address()`` for servers on 127.0.0.1 (IPv4), ``::1`` (IPv6), no
host (``::``, IPv6), ``listen(cb)`` and ``listen(0, cb)``; gnet's deliberate
difference 1 lets ``address()`` answer right after ``listen()`` for IP
literals, which is asserted too.
"""

import socket

import pytest

import gnet

from nodeport import WAIT, wait_event

needs_ipv6 = pytest.mark.skipif(not socket.has_ipv6, reason='no IPv6 on this host')


def _address_at_listening(*args):
    server = gnet.create_server()
    server.on('error', lambda err: pytest.fail('unexpected error: %r' % (err,)))
    listening = wait_event(server, 'listening')
    server.listen(*args)
    try:
        at_once = server.address()
        listening.get(timeout=WAIT)
        address = server.address()
        assert at_once == address  # deliberate difference 1: bound inside listen()
        assert address['port'] > 0
        return address
    finally:
        closed = wait_event(server, 'close')
        server.close()
        closed.get(timeout=WAIT)
        assert server.address() is None


def test_ipv4_loopback():
    address = _address_at_listening(0, '127.0.0.1')
    assert address['address'] == '127.0.0.1'
    assert address['family'] == 'IPv4'


@needs_ipv6
def test_ipv6_loopback():
    address = _address_at_listening(0, '::1')
    assert address['address'] == '::1'
    assert address['family'] == 'IPv6'


@needs_ipv6
@pytest.mark.parametrize('form', ['listen(0)', 'listen(cb)', 'listen(0, cb)'])
def test_no_host_is_ipv6_any(form, calls):
    args = {'listen(0)': lambda: (0,), 'listen(cb)': lambda: (calls.must_call(),),
            'listen(0, cb)': lambda: (0, calls.must_call())}[form]()
    address = _address_at_listening(*args)
    assert address['address'] == '::'
    assert address['family'] == 'IPv6'


def test_address_is_none_before_listen():
    assert gnet.create_server().address() is None


@needs_ipv6
def test_no_host_given_port(calls):
    probe = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    probe.bind(('::', 0))
    port = probe.getsockname()[1]
    probe.close()
    address = _address_at_listening(port, calls.must_call())
    assert address == {'address': '::', 'family': 'IPv6', 'port': port}
