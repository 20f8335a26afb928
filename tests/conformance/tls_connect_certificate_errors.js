'use strict';
// tls.connect's certificate failures: Node's codes and messages on 'error',
// then 'close'(true); with rejectUnauthorized false, authorized/authorizationError.
const tls = require('tls');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();

function serve(key, cert) {
  return new Promise((resolve) => {
    const srv = tls.createServer({ key, cert }, (s) => s.end());
    srv.on('tlsClientError', () => {});
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

function attemptConnect(name, options) {
  return new Promise((resolve) => {
    const events = [];
    const c = tls.connect(options, () => {
      events.push(['secureConnect', c.authorized, c.authorizationError]);
      c.destroy();
    });
    c.on('error', (e) => events.push(['error', e.code, e.message]));
    c.on('close', (h) => { events.push(['close', h]); t.log(name, events); resolve(); });
  });
}

(async () => {
  const good = await serve(pem.key, pem.cert);
  const expired = await serve(pem.expired_key, pem.expired_cert);
  const self = await serve(pem.self_key, pem.self_cert);
  const base = { host: '127.0.0.1', ca: pem.ca };
  await attemptConnect('altname', { ...base, port: good.address().port, servername: 'example.com' });
  await attemptConnect('altname-allowed', { ...base, port: good.address().port,
    servername: 'example.com', rejectUnauthorized: false });
  await attemptConnect('expired', { ...base, port: expired.address().port });
  await attemptConnect('expired-allowed', { ...base, port: expired.address().port,
    rejectUnauthorized: false });
  await attemptConnect('self-signed', { host: '127.0.0.1', port: self.address().port });
  await attemptConnect('ok', { ...base, port: good.address().port });
  for (const s of [good, expired, self]) s.close();
  pem.cleanup();
  t.dump();
})();
