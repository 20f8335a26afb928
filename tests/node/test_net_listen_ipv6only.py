"""Port of Node's test/parallel/test-net-listen-ipv6only.js.

Checks that a server on ``'::'`` with ``ipv6Only: True`` refuses an IPv4
connection (ECONNREFUSED); also gnet's deliberate difference 3: without a
host, ``ipv6Only`` binds ``::`` v6-only (Node 20 ignores it there).
"""

import socket

import pytest

import gnet

from nodeport import WAIT, wait_event

pytestmark = pytest.mark.skipif(not socket.has_ipv6, reason='no IPv6 on this host')


def _refused_on_ipv4(port, calls):
    client = gnet.connect({'host': '127.0.0.1', 'port': port})
    client.on('connect', calls.must_not_call('connect'))
    failed = wait_event(client, 'error')
    err, = failed.get(timeout=WAIT)
    assert err.code == 'ECONNREFUSED'
    assert err.syscall == 'connect'


@pytest.mark.parametrize('options', [{'host': '::', 'port': 0, 'ipv6Only': True},
                                     {'port': 0, 'ipv6Only': True}],
                         ids=['host ::', 'no host (deliberate difference 3)'])
def test_ipv6_only_refuses_ipv4(options, calls):
    server = gnet.create_server(calls.must_not_call('connection'))
    listening = wait_event(server, 'listening')
    server.listen(options, calls.must_call())
    try:
        listening.get(timeout=WAIT)
        assert server.address()['address'] == '::'
        assert server.address()['family'] == 'IPv6'
        _refused_on_ipv4(server.address()['port'], calls)
    finally:
        server.close()


def test_without_ipv6_only_ipv4_is_accepted(calls):
    server = gnet.create_server(lambda conn: conn.end())
    listening = wait_event(server, 'listening')
    server.listen({'host': '::', 'port': 0})
    try:
        listening.get(timeout=WAIT)
        client = gnet.connect(server.address()['port'], '127.0.0.1')
        connected = wait_event(client, 'connect')
        closed = wait_event(client, 'close')
        connected.get(timeout=WAIT)
        closed.get(timeout=WAIT)
    finally:
        server.close()
