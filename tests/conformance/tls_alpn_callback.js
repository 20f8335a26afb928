'use strict';
// The server's ALPNCallback({servername, protocols}): its choice is the
// protocol; undefined rejects with no_application_protocol. (A name the client
// did not offer crashes Node 20.18, the oracle, and is a 'tlsClientError' in
// later 20.x: tests/tls/test_tls_options.py checks gnet's, the later one.)
const tls = require('tls');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();

function run(name, choice, servername) {
  return new Promise((resolve) => {
    const server = [], client = [];
    let n = 2;
    const done = () => {
      if (--n) return;
      srv.close();
      t.log(name, 'server', server);
      t.log(name, 'client', client);
      resolve();
    };
    const srv = tls.createServer({ key: pem.key, cert: pem.cert, ALPNCallback: (info) => {
      server.push(['ALPNCallback', info]);
      return choice;
    } }, (s) => { server.push(['secureConnection', s.alpnProtocol]); s.on('close', done); s.end(); });
    srv.on('tlsClientError', (e) => { server.push(['tlsClientError', e.code]); done(); });
    srv.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ port: srv.address().port, host: '127.0.0.1', servername, ca: pem.ca,
        ALPNProtocols: ['h2', 'http/1.1'], rejectUnauthorized: false });
      c.on('secureConnect', () => client.push(['secureConnect', c.alpnProtocol]));
      c.on('data', () => {});
      c.on('error', (e) => client.push(['error', e.code]));
      c.on('close', done);
    });
  });
}

(async () => {
  await run('chosen', 'http/1.1', 'localhost');
  await run('none', undefined, undefined);
  pem.cleanup();
  t.dump();
})();
