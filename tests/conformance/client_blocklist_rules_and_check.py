"""net.BlockList: address, range and subnet rules for IPv4 and IPv6, the
rules strings newest first, check() including IPv4-mapped IPv6 addresses."""
from _trace import Trace

import gnet

t = Trace()
bl = gnet.BlockList()
bl.add_address('123.123.123.123')
bl.addAddress('0:0:0:0:0:0:0:0001', 'ipv6')
bl.add_address('FE80::ABCD%eth0', 'ipv6')
bl.add_range('10.0.0.1', '10.0.0.10')
bl.addRange('8592:757c:efae:4e45::', '8592:757c:efae:4e45:ffff::', 'ipv6')
bl.add_range('::ffff:20.0.0.1', '::ffff:20.0.0.9', 'ipv6')
bl.add_subnet('192.168.0.0', 16)
bl.addSubnet('10.1.2.3', 8)
bl.add_subnet('8592:757c:efae:4f00::', 56, 'IPv6')
bl.add_subnet('::ffff:30.0.0.0', 104, 'ipv6')
bl.add_address(gnet.SocketAddress({'address': '1.2.3.4', 'port': 80}))
t.log('rules', bl.rules)
probes = [
    ['123.123.123.123'], ['123.123.123.124'], ['::1', 'ipv6'], ['::1'], ['fe80::abcd', 'ipv6'],
    ['10.0.0.1'], ['10.0.0.10'], ['10.0.0.11'], ['10.200.0.0'], ['11.0.0.0'],
    ['8592:757c:efae:4e45::1', 'ipv6'], ['8592:757c:efae:4f22::1', 'ipv6'], ['8592:757c:efae:5000::', 'ipv6'],
    ['20.0.0.5'], ['20.0.0.10'], ['30.1.2.3'], ['31.1.2.3'], ['192.168.255.255'], ['192.169.0.0'],
    ['::ffff:123.123.123.123', 'ipv6'], ['::ffff:7b7b:7b7b', 'ipv6'], ['::123.123.123.123', 'ipv6'],
    ['::ffff:192.168.1.1', 'ipv6'], ['1.2.3.4'], ['1.2.3.4', 'ipv6'], ['foo'], ['01.2.3.4'], ['1.2.3.4', 'IPV4'],
]
t.log('check', [bl.check(*p) for p in probes])
t.log('check SocketAddress', bl.check(gnet.SocketAddress({'address': '::ffff:10.0.0.5', 'family': 'ipv6'})))

all6 = gnet.BlockList()
all6.add_subnet('::', 0, 'ipv6')
all4 = gnet.BlockList()
all4.add_subnet('0.0.0.0', 0)
mapped = gnet.BlockList()
mapped.add_subnet('::ffff:0:0', 96, 'ipv6')
mixed = gnet.BlockList()
mixed.add_range(gnet.SocketAddress({'address': '1.1.1.1'}),
                gnet.SocketAddress({'address': '::ffff:1.1.1.9', 'family': 'ipv6'}))
mixed.add_range(gnet.SocketAddress({'address': '2.2.2.2'}),
                gnet.SocketAddress({'address': '::2', 'family': 'ipv6'}))
t.log('all6', all6.check('1.2.3.4'), all6.check('::5', 'ipv6'))
t.log('all4', all4.check('1.2.3.4'), all4.check('::5', 'ipv6'), all4.check('::ffff:1.2.3.4', 'ipv6'))
t.log('mapped', mapped.check('9.9.9.9'), mapped.check('::1', 'ipv6'))
t.log('mixed', mixed.rules, mixed.check('1.1.1.5'), mixed.check('::ffff:1.1.1.5', 'ipv6'),
      mixed.check('2.2.2.3'), mixed.check('::1', 'ipv6'))
t.log('empty', gnet.BlockList().rules, gnet.BlockList().check('1.1.1.1'))
t.dump()
