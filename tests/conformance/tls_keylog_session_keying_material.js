'use strict';
// 'keylog' on the client (line) and the server (line, tlsSocket), one NSS line
// each ending in a newline; 'session' events resume a later connection
// (isSessionReused); exportKeyingMaterial, getFinished and getPeerFinished
// agree across the two ends (the server sends its values to the client).
const tls = require('tls');
const { Trace, errInfo } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();
const label = (line) => line.toString().split(' ')[0];

const srv = tls.createServer({ key: pem.key, cert: pem.cert }, (s) => {
  s.on('data', () => {});
  s.end(JSON.stringify({
    ekm: s.exportKeyingMaterial(32, 'EXPORTER-test', Buffer.from('ctx')).toString('hex'),
    finished: s.getFinished().toString('hex'),
    peerFinished: s.getPeerFinished().toString('hex'),
    reused: s.isSessionReused(),
  }));
});
const serverKeylog = [];
srv.on('keylog', (line, s) => serverKeylog.push([label(line), line[line.length - 1] === 10, s instanceof tls.TLSSocket]));

function connect(version, session) {
  return new Promise((resolve) => {
    const opts = { port: srv.address().port, host: '127.0.0.1', servername: 'localhost', ca: pem.ca, maxVersion: version };
    if (session) opts.session = session;
    const c = tls.connect(opts);
    const keylog = [];
    const sessions = [];
    let mine = null;
    let received = '';
    c.on('keylog', (line) => keylog.push([label(line), line[line.length - 1] === 10, Buffer.isBuffer(line)]));
    c.on('session', (s) => sessions.push(s));
    c.on('secureConnect', () => {
      t.log(version, 'secureConnect', !!session, c.isSessionReused(), c.getProtocol());
      const f = c.getFinished(), pf = c.getPeerFinished();
      mine = { ekm: c.exportKeyingMaterial(32, 'EXPORTER-test', Buffer.from('ctx')).toString('hex'),
               finished: f.toString('hex'), peerFinished: pf.toString('hex') };
      t.log(version, 'ekm', mine.ekm.length, c.exportKeyingMaterial(16, 'EXPORTER-test').length);
      t.log(version, 'finished', Buffer.isBuffer(f), f.length > 0, Buffer.isBuffer(pf), !f.equals(pf));
      try { c.exportKeyingMaterial('x', 'a'); } catch (e) { t.log(version, 'ekm-bad-length', errInfo(e)); }
      try { c.exportKeyingMaterial(8, 5); } catch (e) { t.log(version, 'ekm-bad-label', errInfo(e)); }
    });
    c.on('data', (d) => {
      received += d;
      const got = c.getSession();
      t.log(version, 'getSession', Buffer.isBuffer(got) && got.length > 0);
    });
    c.on('end', () => {
      const theirs = JSON.parse(received);
      t.log(version, 'cross', theirs.ekm === mine.ekm, theirs.finished === mine.peerFinished,
            theirs.peerFinished === mine.finished, theirs.reused);
    });
    c.on('close', () => {
      t.log(version, 'client keylog', keylog);
      // The count on a resumed TLS 1.3 connection differs (see docs/differences.md).
      t.log(version, 'sessions', session ? null : sessions.length, sessions.every((x) => Buffer.isBuffer(x) && x.length > 0));
      t.log(version, 'getSession after close', c.getSession());
      resolve(sessions[sessions.length - 1]);
    });
  });
}

srv.listen(0, '127.0.0.1', async () => {
  for (const version of ['TLSv1.3', 'TLSv1.2']) {
    const session = await connect(version);
    await connect(version, session);
  }
  t.log('server keylog labels', [...new Set(serverKeylog.map((x) => x[0]))].sort(), serverKeylog.every((x) => x[1] && x[2]));
  srv.close();
  pem.cleanup();
  t.dump();
});
