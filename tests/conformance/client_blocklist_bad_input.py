"""net.BlockList and net.SocketAddress refuse bad input with Node's codes and
messages; check() answers false for what does not parse."""
import math

from _trace import Trace, attempt

import gnet

t = Trace()
bl = gnet.BlockList()
S = gnet.SocketAddress
t.log('addAddress', [
    attempt(bl.add_address, 1), attempt(bl.add_address, '1.2.3.4', 'ipv7'),
    attempt(bl.add_address, 'foo'), attempt(bl.add_address, '::1', 'ipv4'),
    attempt(bl.add_address, '1.2.3.4', 4), attempt(bl.add_address, '1.1.1'),
    attempt(bl.add_address, '01.1.1.1'), attempt(bl.add_address, '1.2.3.256'),
])
t.log('addRange', [
    attempt(bl.add_range, '10.0.0.10', '10.0.0.1'), attempt(bl.add_range, '10.0.0.10', 1),
    attempt(bl.add_range, 1, 2), attempt(bl.add_range, '1.1.1.1', '::1'),
    attempt(bl.add_range, S({'address': '::ffff:1.1.1.9', 'family': 'ipv6'}), S({'address': '1.1.1.1'})),
    attempt(bl.add_range, '::9', '::1', 'ipv6'), attempt(bl.add_range, '1.1.1.1', '1.1.1.1'),
])
t.log('addSubnet', [
    attempt(bl.add_subnet, '10.0.0.0', 33), attempt(bl.add_subnet, '10.0.0.0', -1),
    attempt(bl.add_subnet, '10.0.0.0', 'a'), attempt(bl.add_subnet, '::', 129, 'ipv6'),
    attempt(bl.add_subnet, '1.1.1.1', 1.5), attempt(bl.add_subnet, 1, 2),
    attempt(bl.add_subnet, 'foo', 2), attempt(bl.add_subnet, '1.1.1.1', math.nan),
    attempt(bl.add_subnet, S({'address': '1.1.1.1'}), 200, 'ipv6'),
    attempt(bl.add_subnet, S({'address': '::', 'family': 'ipv6'}), 100, 'ipv4'),
])
t.log('check', [
    attempt(bl.check, 1), attempt(bl.check, '1.2.3.4', 1),
    bl.check('foo'), bl.check('1.2.3.4', 'ipv9'), bl.check('::1', 'ipv4'),
])
t.log('rules after', bl.rules)
t.log('SocketAddress', [
    attempt(S, 1), attempt(S, []), attempt(S, {'address': 'foo'}),
    attempt(S, {'address': '::1'}), attempt(S, {'address': 1}),
    attempt(S, {'port': 70000}), attempt(S, {'port': -1}), attempt(S, {'port': 1.5}),
    attempt(S, {'port': True}), attempt(S, {'family': 'ipv5'}),
    attempt(S, {'family': 'IPv4'}), attempt(S, {'flowlabel': -1}),
    attempt(S, {'flowlabel': 'a'}), attempt(S, {'flowlabel': 1.5}),
    attempt(S, {'flowlabel': 2 ** 32}), attempt(S, {'address': ''}),
    attempt(S, {'address': '1.2.3.4', 'family': 'ipv6'}),
])


def show(s):
    return [s.address, s.port, s.family, s.flowlabel, s.toJSON()]


t.log('values', [
    show(S()), show(S({})), show(S({'family': 'IPv6'})),
    show(S({'address': '0:0::1', 'family': 'ipv6', 'port': 65535, 'flowlabel': 5})),
    show(S(address='1.2.3.4', flowlabel=7)), show(S({'address': '::ffff:0:1.2.3.4', 'family': 'ipv6'})),
    show(S({'address': '1:0:0:4:0:0:0:8', 'family': 'ipv6'})), show(S({'address': 'fe80::1%eth0', 'family': 'ipv6'})),
    S.isSocketAddress(S()), S.is_socket_address({}),
])
t.dump()
