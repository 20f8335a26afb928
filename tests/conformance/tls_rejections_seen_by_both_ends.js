'use strict';
// A leaf from a CA the client does not trust: UNABLE_TO_VERIFY_LEAF_SIGNATURE;
// a client that rejects the server by host name: the server sees
// 'tlsClientError' ECONNRESET and no 'secureConnection'; a server that rejects
// the client's certificate: the same hang-up; without rejectUnauthorized the
// server takes it with authorized false and OpenSSL's code; a client that
// destroys its socket in 'secureConnect' never completes the server's handshake.
const tls = require('tls');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();

function scenario(name, serverOptions, clientOptions, destroyAtSecure) {
  return new Promise((resolve) => {
    let pending = 2;
    const server = [], client = [];
    const done = () => {
      if (--pending) return;
      srv.close();
      t.log(name, 'server', server);
      t.log(name, 'client', client);
      resolve();
    };
    const srv = tls.createServer({ key: pem.key, cert: pem.cert, ...serverOptions }, (s) => {
      server.push(['secureConnection', s.authorized, s.authorizationError]);
      s.on('error', (e) => server.push(['socket error', e.code]));
      s.on('close', done);
      s.end('ok');
    });
    srv.on('tlsClientError', (e) => { server.push(['tlsClientError', e.code, e.message]); done(); });
    srv.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ port: srv.address().port, host: '127.0.0.1', ...clientOptions });
      c.on('secureConnect', () => {
        client.push(['secureConnect', c.authorized, c.authorizationError]);
        if (destroyAtSecure) c.destroy();
      });
      c.on('data', () => {});
      c.on('error', (e) => client.push(['error', e.code, e.message]));
      c.on('close', () => { client.push('close'); done(); });
    });
  });
}

(async () => {
  await scenario('unknown-ca', {}, { ca: pem.other_ca, servername: 'localhost' });
  await scenario('hostname', {}, { ca: pem.ca, servername: 'example.com' });
  await scenario('hostname-tls12', { maxVersion: 'TLSv1.2' }, { ca: pem.ca, servername: 'example.com' });
  await scenario('client-cert-rejected', { ca: pem.ca, requestCert: true },
    { ca: pem.ca, servername: 'localhost', key: pem.bad_client_key, cert: pem.bad_client_cert });
  await scenario('client-cert-allowed', { ca: pem.ca, requestCert: true, rejectUnauthorized: false },
    { ca: pem.ca, servername: 'localhost', key: pem.bad_client_key, cert: pem.bad_client_cert });
  await scenario('client-destroys-at-secureConnect', {}, { ca: pem.ca, servername: 'localhost' }, true);
  await scenario('client-cert-good', { ca: pem.ca, requestCert: true },
    { ca: pem.ca, servername: 'localhost', key: pem.client_key, cert: pem.client_cert });
  pem.cleanup();
  t.dump();
})();
