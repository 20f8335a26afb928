'use strict';
// An external session cache on a TLS 1.2 server without tickets:
// 'newSession'(id, data, callback) stores, 'resumeSession'(id, callback)
// finds the session the client offers again; both ends see the resumption.
const tls = require('tls');
const crypto = require('crypto');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();
const store = new Map();
const server = [];
const srv = tls.createServer({ key: pem.key, cert: pem.cert, maxVersion: 'TLSv1.2',
  secureOptions: crypto.constants.SSL_OP_NO_TICKET }, (s) => {
  server.push(['secureConnection', s.isSessionReused()]);
  s.end('x');
});
srv.on('newSession', (id, data, cb) => {
  server.push(['newSession', id.length, Buffer.isBuffer(data) && data.length > 0, typeof cb]);
  store.set(id.toString('hex'), data);
  cb();
});
srv.on('resumeSession', (id, cb) => {
  server.push(['resumeSession', id.length, store.has(id.toString('hex'))]);
  cb(null, store.get(id.toString('hex')) || null);
});

function go(name, session) {
  return new Promise((resolve) => {
    const client = [];
    const c = tls.connect({ port: srv.address().port, host: '127.0.0.1', servername: 'localhost', ca: pem.ca, session });
    let saved = null;
    c.on('session', (s) => { saved = s; client.push('session'); });
    c.on('secureConnect', () => client.push(['secureConnect', c.isSessionReused()]));
    c.on('data', () => {});
    c.on('close', () => {
      // The server's events all came before its FIN, so before this 'close'.
      t.log(name, 'client', client);
      t.log(name, 'server', server.splice(0));
      resolve(saved);
    });
  });
}

srv.listen(0, '127.0.0.1', async () => {
  const session = await go('first');
  await go('again', session);
  srv.close();
  pem.cleanup();
  t.dump();
});
