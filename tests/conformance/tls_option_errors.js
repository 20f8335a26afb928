'use strict';
// Bad values of the TLS options both Node and gnet honour: the same error
// class, code and message, thrown synchronously at createSecureContext /
// createServer / connect time.
const tls = require('tls');
const { Trace, attempt } = require('./_trace');

const t = new Trace();
const cases = [
  ['sessionTimeout', 'x'], ['sessionTimeout', -1], ['sessionTimeout', 1.5],
  ['ticketKeys', 'x'], ['ticketKeys', Buffer.alloc(10)],
  ['sessionIdContext', 5], ['ecdhCurve', 5], ['ecdhCurve', 'bogus'],
  ['sigalgs', 5], ['ciphers', 5], ['ciphers', 'bogus'], ['ciphers', 'TLS_BOGUS'],
  ['crl', 'bogus'], ['secureOptions', 'x'], ['minVersion', 'TLSv9'], ['maxVersion', 'SSLv3'],
];
for (const [name, value] of cases) {
  t.log('createSecureContext', name, attempt(() => tls.createSecureContext({ [name]: value })));
}
for (const [name, value] of [['ecdhCurve', 'bogus'], ['ticketKeys', Buffer.alloc(47)]]) {
  t.log('createServer', name, attempt(() => tls.createServer({ [name]: value })));
}
t.log('ALPNCallback with ALPNProtocols', attempt(() => tls.createServer({ ALPNCallback: () => 'a', ALPNProtocols: ['a'] })));
t.log('connect session', attempt(() => tls.connect({ port: 1, host: '127.0.0.1', session: 'x' })));
t.log('connect secureContext', attempt(() => tls.connect({ port: 1, host: '127.0.0.1', secureContext: {} })));
t.log('defaults', tls.DEFAULT_CIPHERS, tls.DEFAULT_ECDH_CURVE, tls.DEFAULT_MIN_VERSION, tls.DEFAULT_MAX_VERSION);
t.dump();
