"""gnet.connect (Node's net.connect) and gnet.is_ip against Node's net.isIP."""

import json
import socket

from gevent.event import Event

import gnet

IP_INPUTS = ['127.0.0.1', '0.0.0.0', '255.255.255.255', '256.0.0.1', '1.2.3', '01.2.3.4', '1.2.3.4 ',
             '::', '::1', 'fe80::1%eth0', 'fe80::1%', '::ffff:127.0.0.1', '2001:db8::g', 'localhost',
             '', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '١.٢.٣.٤', 'abc', ':::']


def test_is_ip_matches_node(node_eval):
    expected = node_eval('const net = require("net"); const xs = %s; console.log(JSON.stringify('
                         'xs.map((x) => [net.isIP(x), net.isIPv4(x), net.isIPv6(x)])))'
                         % json.dumps(IP_INPUTS))
    actual = [[gnet.is_ip(x), gnet.is_ipv4(x), gnet.is_ipv6(x)] for x in IP_INPUTS]
    assert actual == expected
    assert gnet.isIP is gnet.is_ip and gnet.isIPv4 is gnet.is_ipv4 and gnet.isIPv6 is gnet.is_ipv6


def _echo_server(options=None):
    server = gnet.create_server(options, lambda s: s.on('data', s.write)).listen(0, '127.0.0.1')
    return server, server.address()['port']


def test_options_dict_is_applied():
    server, port = _echo_server()
    seen = {}
    done = Event()
    c = gnet.connect({'port': port, 'host': '127.0.0.1', 'localAddress': '127.0.0.1', 'family': 4,
                      'timeout': 5000, 'noDelay': True, 'keepAlive': True, 'allowHalfOpen': True})

    def on_connect():
        raw = c.socket
        seen['local'] = c.localAddress
        seen['nodelay'] = raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        seen['keepalive'] = raw.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)
        seen['timeout'] = c.timeout
        seen['half open'] = c.allowHalfOpen
        c.destroy()
    c.on('connect', on_connect)
    c.on('close', lambda *a: done.set())
    assert done.wait(10)
    assert seen == {'local': '127.0.0.1', 'nodelay': 1, 'keepalive': 1, 'timeout': 5000, 'half open': True}
    server.close()
    assert server.wait_closed(10)


def _port_outside_the_ephemeral_range():
    """A free port below ip_local_port_range, so no connect() of a parallel
    test can take it as its source port between this check and its use."""
    with open('/proc/sys/net/ipv4/ip_local_port_range') as f:
        low = int(f.read().split()[0])
    for port in range(low - 1, 1024, -7):
        with socket.socket() as probe:
            try:
                probe.bind(('127.0.0.1', port))
            except OSError:
                continue
            return port
    raise RuntimeError('no free port below the ephemeral range')


def test_local_port_option():
    server, port = _echo_server()
    free = _port_outside_the_ephemeral_range()
    done = Event()
    seen = []
    c = gnet.connect({'port': port, 'host': '127.0.0.1', 'localPort': free},
                     lambda: (seen.append(c.localPort), c.destroy()))
    c.on('close', lambda *a: done.set())
    assert done.wait(10)
    assert seen == [free]
    server.close()


def test_connect_to_a_unix_path(tmp_path):
    path = str(tmp_path / 's.sock')
    server = gnet.create_server(lambda s: s.on('data', s.write)).listen(path)
    got = []
    done = Event()
    c = gnet.connect(path, lambda: c.end(b'over unix'))
    c.on('data', got.append)
    c.on('close', lambda *a: done.set())
    assert done.wait(10)
    assert b''.join(got) == b'over unix'
    server.close()
    assert server.wait_closed(10)


def test_socket_connect_method_and_camel_case_alias():
    server, port = _echo_server()
    done = Event()
    order = []
    c = gnet.Socket()
    assert c.connect(port, '127.0.0.1', lambda: order.append('callback')) is c
    c.on('connect', lambda: (order.append('connect'), c.end()))
    c.on('ready', lambda: order.append('ready'))
    c.on('close', lambda *a: done.set())
    assert done.wait(10)
    assert order == ['callback', 'connect', 'ready']
    assert gnet.createConnection is gnet.create_connection
    server.close()


def test_connect_refused_error_fields():
    done = Event()
    events = []
    c = gnet.connect(1, '127.0.0.1')
    c.on('error', lambda e: events.append(('error', e.code, e.syscall, e.address, e.port, str(e))))
    c.on('close', lambda had_error: (events.append(('close', had_error)), done.set()))
    assert done.wait(10)
    assert events == [('error', 'ECONNREFUSED', 'connect', '127.0.0.1', 1,
                       'connect ECONNREFUSED 127.0.0.1:1'), ('close', True)]
