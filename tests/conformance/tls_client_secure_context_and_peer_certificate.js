'use strict';
// A client secureContext from createSecureContext({ca}) connects; the peer
// certificate has its key fields (RSA and EC) and getPeerCertificate(true)
// chains issuerCertificate up to the self-signed root; getCipher's standardName.
const tls = require('tls');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();

function shape(cert) {
  const out = {};
  for (const k of ['bits', 'exponent', 'asn1Curve', 'nistCurve', 'ext_key_usage', 'ca']) out[k] = cert[k];
  out.subjectCN = cert.subject && cert.subject.CN;
  out.issuerCN = cert.issuer && cert.issuer.CN;
  out.pubkeyLength = cert.pubkey ? cert.pubkey.length : null;
  out.modulusHex = typeof cert.modulus === 'string' ? /^[0-9A-F]+$/.test(cert.modulus) && cert.modulus.length : null;
  out.fp256 = typeof cert.fingerprint256 === 'string' && /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(cert.fingerprint256);
  out.hasIssuerCertificate = 'issuerCertificate' in cert;
  return out;
}

function chain(cert) {
  const out = [];
  let c = cert;
  for (let i = 0; i < 5 && c; i++) {
    out.push([c.subject.CN === undefined ? c.subject.O : c.subject.CN, c.issuerCertificate === c]);
    if (c.issuerCertificate === c) break;
    c = c.issuerCertificate;
  }
  return out;
}

function run(key, cert, label) {
  return new Promise((resolve) => {
    const srv = tls.createServer({ key, cert }, (s) => {
      const own = s.getCertificate();
      t.log(label, 'server own certificate', shape(own), own.fingerprint256 === s.getCertificate().fingerprint256);
      s.end();
    });
    srv.listen(0, '127.0.0.1', () => {
      const secureContext = tls.createSecureContext({ ca: pem.ca });
      const c = tls.connect({ port: srv.address().port, host: '127.0.0.1', servername: 'localhost', secureContext }, () => {
        t.log(label, 'authorized', c.authorized, c.authorizationError);
        const p = c.getPeerCertificate();
        t.log(label, 'plain', shape(p));
        const d = c.getPeerCertificate(true);
        t.log(label, 'detailed', shape(d), chain(d).length, chain(d).map((x) => x[1]));
        t.log(label, 'issuer', shape(d.issuerCertificate));
        const ci = c.getCipher();
        t.log(label, 'cipher', ci.name, ci.standardName, ci.version);
        c.end();
      });
      c.on('data', () => {});
      c.on('error', (e) => t.log(label, 'error', e.code));
      c.on('close', () => { srv.close(); resolve(); });
    });
  });
}

(async () => {
  await run(pem.rsa_key, pem.rsa_cert, 'rsa');
  await run(pem.key, pem.cert, 'ec');
  await run(pem.chain_key, pem.chain_cert, 'chain');
  pem.cleanup();
  t.dump();
})();
