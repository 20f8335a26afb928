'use strict';
// A TLS echo: the server's connection, secureConnection, data, end, finish, close
// order, and the client's connect, ready, secureConnect, data, end, close.
const tls = require('tls');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();
const server = [];
const client = [];
const srv = tls.createServer({ key: pem.key, cert: pem.cert }, (s) => {
  server.push(['secureConnection', s.encrypted, s.authorized, s.servername, s.alpnProtocol,
    s.getProtocol()]);
  s.on('data', (d) => { server.push(['data', d.toString()]); s.write(d.toString().toUpperCase()); });
  s.on('end', () => server.push(['end']));
  s.on('finish', () => server.push(['finish']));
  s.on('close', (h) => { server.push(['close', h]); closed(); });
});
let closes = 0;
function closed() {
  if (++closes < 2) return;
  srv.close(() => {
    t.log('server', server);
    t.log('client', client);
    pem.cleanup();
    t.dump();
  });
}
srv.on('connection', () => server.push(['connection']));
srv.on('tlsClientError', (e) => server.push(['tlsClientError', e.code]));
srv.listen(0, '127.0.0.1', () => {
  const c = tls.connect({ port: srv.address().port, host: '127.0.0.1', servername: 'localhost',
    ca: pem.ca }, () => {
    client.push(['secureConnect', c.authorized, c.authorizationError, c.alpnProtocol,
      c.getProtocol(), c.getPeerCertificate().subjectaltname]);
    c.end('hello');
  });
  c.on('connect', () => client.push(['connect']));
  c.on('ready', () => client.push(['ready']));
  c.on('data', (d) => client.push(['data', d.toString()]));
  c.on('end', () => client.push(['end']));
  c.on('close', (h) => { client.push(['close', h]); closed(); });
});
