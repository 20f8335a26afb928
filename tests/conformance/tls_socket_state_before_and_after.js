'use strict';
// What a client TLSSocket's state methods give before the handshake, after
// it, and once destroyed; exportKeyingMaterial's argument checks.
const tls = require('tls');
const { Trace, errInfo } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();
const kind = (r) => (r === undefined || r === null ? null : Buffer.isBuffer(r) ? 'bytes' : typeof r);
const tryit = (label, fn) => {
  try { t.log(label, kind(fn())); } catch (e) { t.log(label, errInfo(e)); }
};

const srv = tls.createServer({ key: pem.key, cert: pem.cert }, (s) => s.end());
srv.listen(0, '127.0.0.1', () => {
  const c = tls.connect({ port: srv.address().port, host: '127.0.0.1', servername: 'localhost', ca: pem.ca });
  tryit('ekm before', () => c.exportKeyingMaterial(8, 'x'));
  tryit('finished before', () => c.getFinished());
  tryit('peerFinished before', () => c.getPeerFinished());
  tryit('session before', () => c.getSession());
  t.log('cert before', c.getPeerCertificate());
  tryit('cipher before', () => c.getCipher());
  tryit('reused before', () => c.isSessionReused());
  c.on('secureConnect', () => {
    tryit('ekm 0', () => c.exportKeyingMaterial(0, 'x'));
    tryit('ekm -1', () => c.exportKeyingMaterial(-1, 'x'));
    tryit('ekm 1.5', () => c.exportKeyingMaterial(1.5, 'x'));
    tryit('ekm context str', () => c.exportKeyingMaterial(8, 'x', 'abc'));
    t.log('ekm label utf8', c.exportKeyingMaterial(8, 'é').equals(c.exportKeyingMaterial(8, 'é')),
      c.exportKeyingMaterial(8, 'é').equals(c.exportKeyingMaterial(8, 'e')));
    tryit('finished', () => c.getFinished());
    t.log('own certificate (none)', c.getCertificate());
    tryit('cipher', () => c.getCipher());
    c.destroy();
    tryit('finished after destroy', () => c.getFinished());
    tryit('peerFinished after destroy', () => c.getPeerFinished());
    tryit('cert after destroy', () => c.getPeerCertificate());
    tryit('cipher after destroy', () => c.getCipher());
    srv.close();
    pem.cleanup();
    t.dump();
  });
});
