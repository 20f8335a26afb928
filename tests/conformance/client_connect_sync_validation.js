'use strict';
// Bad connect() options throw synchronously with Node's code and message,
// in Node's order; what Node checks later (or not at all) does not throw.
const net = require('net');
const { Trace, attempt } = require('./_trace');

const t = new Trace();
const H = '127.0.0.1';
const cases = [
  ['localAddress', { port: 1, host: H, localAddress: 'foobar' }],
  ['localAddress number', { port: 1, host: H, localAddress: 5 }],
  ['localAddress empty', { port: 1, host: H, localAddress: '' }],
  ['localPort string', { port: 1, host: H, localPort: 'foobar' }],
  ['localPort numeric string', { port: 1, host: H, localPort: '80' }],
  ['localPort 0', { port: 1, host: H, localPort: 0 }],
  ['port bool', { port: true, host: H }],
  ['port object', { port: {}, host: H }],
  ['port missing', { host: H }],
  ['port abc', { port: 'abc', host: H }],
  ['port -1', { port: -1, host: H }],
  ['port and localAddress', { port: -1, host: H, localAddress: 'x' }],
  ['autoSelectFamily', { port: 1, host: H, autoSelectFamily: 1 }],
  ['attempt timeout string', { port: 1, host: H, autoSelectFamilyAttemptTimeout: 'x' }],
  ['attempt timeout 0', { port: 1, host: H, autoSelectFamilyAttemptTimeout: 0 }],
  ['attempt timeout 1.5', { port: 1, host: H, autoSelectFamilyAttemptTimeout: 1.5 }],
  ['attempt timeout 1', { port: 1, host: H, autoSelectFamilyAttemptTimeout: 1 }],
  ['lookup with ip host', { port: 1, host: H, lookup: 5 }],
  ['lookup with name', { port: 1, host: 'localhost', lookup: 5 }],
  ['family with ip host', { port: 1, host: H, family: 5 }],
  ['family with name', { port: 1, host: 'localhost', family: 5 }],
  ['family IPv6 name', { port: 1, host: 'localhost', family: 'IPv6' }],
  ['family x', { port: 1, host: 'localhost', family: 'x' }],
  ['family with custom lookup', { port: 1, host: 'localhost', family: 'x', lookup: () => {} }],
  ['hints string', { port: 1, host: 'localhost', hints: 'x' }],
  ['hints bad bits', { port: 1, host: 'localhost', hints: 12345 }],
  ['hints and family', { port: 1, host: 'localhost', hints: 12345, family: 'x' }],
  ['hints with ip host', { port: 1, host: H, hints: 'x' }],
  ['host number', { port: 1, host: 5 }],
  ['path number', { path: 5 }],
  ['timeout string', { port: 1, host: H, timeout: 'x' }],
  ['timeout -1', { port: 1, host: H, timeout: -1 }],
  ['keepAliveInitialDelay', { port: 1, host: H, keepAliveInitialDelay: 'x' }],
  ['signal number', { port: 1, host: H, signal: 5 }],
  ['signal object', { port: 1, host: H, signal: {} }],
  ['objectMode', { port: 1, host: H, objectMode: true }],
  ['readableObjectMode', { port: 1, host: H, readableObjectMode: true }],
  ['onread not an object', { port: 1, host: H, onread: 5 }],
  ['fd string', { fd: 'x', port: 1 }],
  ['fd not open', { fd: 99999 }],
  ['fd -1', { fd: -1 }],
  ['fd 99999.0', { fd: 99999.0 }],
  ['family list', { port: 1, host: 'localhost', family: [] }],
  ['highWaterMark Infinity', { port: 1, host: H, highWaterMark: Infinity }],
  ['highWaterMark NaN', { port: 1, host: H, highWaterMark: NaN }],
];
for (const [label, options] of cases) {
  t.log(label, attempt(() => {
    const s = net.connect(options);
    s.on('error', () => {});
    s.destroy();
  }));
}
t.log('connect()', attempt(() => net.connect()));
t.log('connect(port, number)', attempt(() => net.connect(1, 5).on('error', () => {}).destroy()));
t.log('Socket().connect({})', attempt(() => new net.Socket().connect({})));
t.dump();
