'use strict';
// net.BlockList: address, range and subnet rules for IPv4 and IPv6, the
// rules strings newest first, check() including IPv4-mapped IPv6 addresses.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
const bl = new net.BlockList();
bl.addAddress('123.123.123.123');
bl.addAddress('0:0:0:0:0:0:0:0001', 'ipv6');
bl.addAddress('FE80::ABCD%eth0', 'ipv6');
bl.addRange('10.0.0.1', '10.0.0.10');
bl.addRange('8592:757c:efae:4e45::', '8592:757c:efae:4e45:ffff::', 'ipv6');
bl.addRange('::ffff:20.0.0.1', '::ffff:20.0.0.9', 'ipv6');
bl.addSubnet('192.168.0.0', 16);
bl.addSubnet('10.1.2.3', 8);
bl.addSubnet('8592:757c:efae:4f00::', 56, 'IPv6');
bl.addSubnet('::ffff:30.0.0.0', 104, 'ipv6');
bl.addAddress(new net.SocketAddress({ address: '1.2.3.4', port: 80 }));
t.log('rules', bl.rules);
const probes = [
  ['123.123.123.123'], ['123.123.123.124'], ['::1', 'ipv6'], ['::1'], ['fe80::abcd', 'ipv6'],
  ['10.0.0.1'], ['10.0.0.10'], ['10.0.0.11'], ['10.200.0.0'], ['11.0.0.0'],
  ['8592:757c:efae:4e45::1', 'ipv6'], ['8592:757c:efae:4f22::1', 'ipv6'], ['8592:757c:efae:5000::', 'ipv6'],
  ['20.0.0.5'], ['20.0.0.10'], ['30.1.2.3'], ['31.1.2.3'], ['192.168.255.255'], ['192.169.0.0'],
  ['::ffff:123.123.123.123', 'ipv6'], ['::ffff:7b7b:7b7b', 'ipv6'], ['::123.123.123.123', 'ipv6'],
  ['::ffff:192.168.1.1', 'ipv6'], ['1.2.3.4'], ['1.2.3.4', 'ipv6'], ['foo'], ['01.2.3.4'], ['1.2.3.4', 'IPV4'],
];
t.log('check', probes.map((p) => bl.check(...p)));
t.log('check SocketAddress', bl.check(new net.SocketAddress({ address: '::ffff:10.0.0.5', family: 'ipv6' })));

const all6 = new net.BlockList();
all6.addSubnet('::', 0, 'ipv6');
const all4 = new net.BlockList();
all4.addSubnet('0.0.0.0', 0);
const mapped = new net.BlockList();
mapped.addSubnet('::ffff:0:0', 96, 'ipv6');
const mixed = new net.BlockList();
mixed.addRange(new net.SocketAddress({ address: '1.1.1.1' }), new net.SocketAddress({ address: '::ffff:1.1.1.9', family: 'ipv6' }));
mixed.addRange(new net.SocketAddress({ address: '2.2.2.2' }), new net.SocketAddress({ address: '::2', family: 'ipv6' }));
t.log('all6', all6.check('1.2.3.4'), all6.check('::5', 'ipv6'));
t.log('all4', all4.check('1.2.3.4'), all4.check('::5', 'ipv6'), all4.check('::ffff:1.2.3.4', 'ipv6'));
t.log('mapped', mapped.check('9.9.9.9'), mapped.check('::1', 'ipv6'));
t.log('mixed', mixed.rules, mixed.check('1.1.1.5'), mixed.check('::ffff:1.1.1.5', 'ipv6'), mixed.check('2.2.2.3'), mixed.check('::1', 'ipv6'));
t.log('empty', new net.BlockList().rules, new net.BlockList().check('1.1.1.1'));
t.dump();
