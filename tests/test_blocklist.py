"""gnet.BlockList and gnet.SocketAddress (Node 20's net.BlockList / net.SocketAddress).

The Node-differential pairs client_blocklist_* pin down Node's behaviour;
these tests cover what differs on purpose and the Python surface.
"""

import pytest

import gnet
from gnet import errors


def test_ipv6_flowlabel_above_20_bits_raises_out_of_range():
    # Node 20 aborts the process here (a C++ assertion); gnet raises.
    with pytest.raises(errors.ERR_OUT_OF_RANGE) as info:
        gnet.SocketAddress(address='::1', family='ipv6', flowlabel=1 << 20)
    assert str(info.value) == ('The value of "options.flowlabel" is out of range. '
                               'It must be >= 0 && <= 1048575. Received 1048576')
    assert gnet.SocketAddress(address='::1', family='ipv6', flowlabel=(1 << 20) - 1).flowlabel == 0xFFFFF


def test_numeric_string_port_is_accepted_as_validatePort_does():
    # Node 20 aborts on a string port; validatePort itself accepts '80'.
    assert gnet.SocketAddress(address='1.2.3.4', port='80').port == 80
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT):
        gnet.SocketAddress(address='1.2.3.4', port='x')


def test_keyword_and_none_options_are_defaults():
    address = gnet.SocketAddress(None, address='::1', family='ipv6', port=None)
    assert address.to_json() == {'address': '::1', 'port': 0, 'family': 'ipv6', 'flowlabel': 0}
    assert address == gnet.SocketAddress({'address': '0::1', 'family': 'IPV6'})
    assert len({address, gnet.SocketAddress({'address': '::1', 'family': 'ipv6'})}) == 1


def test_repr_is_node_inspect_form():
    assert repr(gnet.SocketAddress()) == (
        "SocketAddress { address: '127.0.0.1', port: 0, family: 'ipv4', flowlabel: 0 }")
    block_list = gnet.BlockList()
    block_list.add_subnet('10.0.0.0', 8)
    assert repr(block_list) == "BlockList { rules: [ 'Subnet: IPv4 10.0.0.0/8' ] }"


def test_subnet_boundaries():
    block_list = gnet.BlockList()
    block_list.add_subnet('10.0.0.0', 31)
    block_list.add_subnet('2001:db8::', 127, 'ipv6')
    assert [block_list.check(a) for a in ('9.255.255.255', '10.0.0.0', '10.0.0.1', '10.0.0.2')] == \
        [False, True, True, False]
    assert [block_list.check(a, 'ipv6') for a in ('2001:db8::', '2001:db8::1', '2001:db8::2')] == \
        [True, True, False]
    single = gnet.BlockList()
    single.add_subnet('1.2.3.4', 32)
    assert single.check('1.2.3.4') and not single.check('1.2.3.5')


def test_camel_aliases_are_the_same_methods():
    assert gnet.BlockList.addAddress is gnet.BlockList.add_address
    assert gnet.BlockList.addRange is gnet.BlockList.add_range
    assert gnet.BlockList.addSubnet is gnet.BlockList.add_subnet


# --- the server's blockList option (Node >= 22.13; Node 20 has none, so no scenario) ---

def _serve(block_list, host='127.0.0.1'):
    events = []
    server = gnet.create_server({'blockList': block_list},
                                lambda s: (events.append(('connection', s.remoteAddress)), s.end()))
    server.on('drop', lambda *a: events.append(('drop',) + a))
    server.listen(0, host)
    return server, events


def _connect_and_wait(port, host='127.0.0.1'):
    from gevent.event import Event
    closed = Event()
    seen = []
    c = gnet.connect(port, host)
    c.on('connect', lambda: seen.append('connect'))
    c.on('data', lambda d: seen.append(d))
    c.on('error', lambda e: seen.append(e.code))
    c.on('close', lambda had_error: (seen.append(('close', had_error)), closed.set()))
    assert closed.wait(5)
    return seen


def test_server_block_list_closes_blocked_peer_silently():
    block_list = gnet.BlockList()
    block_list.add_address('127.0.0.1')
    server, events = _serve(block_list)
    seen = _connect_and_wait(server.address()['port'])
    # The kernel completed the handshake, so the client connects, then sees the close.
    assert seen[0] == 'connect' and seen[-1] in (('close', False), ('close', True))
    assert events == []  # neither 'connection' nor 'drop' (Node >= 22.13)
    server.close()


def test_server_block_list_lets_others_in_and_matches_mapped_peers():
    block_list = gnet.BlockList()
    block_list.add_subnet('10.0.0.0', 8)
    server, events = _serve(block_list)
    seen = _connect_and_wait(server.address()['port'])
    assert events == [('connection', '127.0.0.1')] and seen[-1] == ('close', False)
    server.close()
    # a dual-stack listener sees ::ffff:127.0.0.1, which an IPv4 rule blocks
    mapped = gnet.BlockList()
    mapped.add_subnet('127.0.0.0', 8)
    server, events = _serve(mapped, host='::')
    _connect_and_wait(server.address()['port'])
    assert events == []
    server.close()


def test_server_block_list_must_be_a_block_list():
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        gnet.create_server({'blockList': ['127.0.0.1']})
    assert str(info.value).startswith('The "options.blockList" property must be an instance of '
                                      'net.BlockList.')
