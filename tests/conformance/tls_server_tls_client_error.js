'use strict';
// Failed handshakes are 'tlsClientError' (never 'secureConnection') and the
// server goes on: a plain HTTP request, a client hanging up, a silent client
// past handshakeTimeout (its listener destroys the socket).
const net = require('net');
const tls = require('tls');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();
let events = [];
const srv = tls.createServer({ key: pem.key, cert: pem.cert, handshakeTimeout: 300 },
  () => events.push(['secureConnection']));
srv.on('connection', () => events.push(['connection']));
srv.on('tlsClientError', (e, s) => {
  events.push(['tlsClientError', e.code, e.code === 'ERR_SSL_HTTP_REQUEST' ? null : e.message,
    s instanceof tls.TLSSocket]);
  s.destroy();
});

function run(name, start) {
  return new Promise((resolve) => {
    events = [];
    const c = net.connect(srv.address().port, '127.0.0.1', () => start(c));
    c.on('error', () => {});
    c.on('data', () => {});
    c.on('close', () => { events.push(['client close']); t.log(name, events); resolve(); });
  });
}

srv.listen(0, '127.0.0.1', async () => {
  await run('http', (c) => c.write('GET / HTTP/1.1\r\n\r\n'));
  await run('hangup', (c) => c.end());
  await run('silent', () => {});
  srv.close(() => { pem.cleanup(); t.dump(); });
});
