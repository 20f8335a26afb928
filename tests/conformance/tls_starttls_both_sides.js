'use strict';
// STARTTLS both ways: a plain net server and client agree in clear text,
// then the server wraps its socket in new tls.TLSSocket(sock, {isServer})
// ('secure') and the client calls tls.connect({socket}) ('secureConnect',
// 'secure'); the plain sockets close with the TLS ones, just before them.
const net = require('net');
const tls = require('tls');
const { Trace } = require('./_trace');
const { makeCerts } = require('./_tls_certs');

const t = new Trace();
const pem = makeCerts();
const secureContext = tls.createSecureContext({ key: pem.key, cert: pem.cert });

function run(name) {
  return new Promise((resolve) => {
    const server = [], client = [];
    let closes = 0;
    const closed = () => {
      if (++closes < 4) return;
      srv.close();
      t.log(name, 'server', server);
      t.log(name, 'client', client);
      resolve();
    };
    const srv = net.createServer((plain) => {
      plain.on('close', () => { server.push('plain close'); closed(); });
      plain.once('data', (d) => {
        const i = d.indexOf(10);
        server.push(['command', d.subarray(0, i).toString()]);
        plain.write('GO\n');
        const s = new tls.TLSSocket(plain, { isServer: true, secureContext });
        server.push(['wrapped', s.encrypted, s.remotePort === plain.remotePort]);
        s.on('secure', () => server.push(['secure', s.authorized, s.getProtocol()]));
        let got = '';
        s.on('data', (x) => { got += x; });
        s.on('end', () => { server.push(['end', got]); s.end('secret-from-server'); });
        s.on('error', (e) => server.push(['error', e.code]));
        s.on('close', () => { server.push('tls close'); closed(); });
      });
    });
    srv.listen(0, '127.0.0.1', () => {
      const plain = net.connect(srv.address().port, '127.0.0.1');
      plain.on('close', () => { client.push('plain close'); closed(); });
      const upgrade = () => {
        const c = tls.connect({ socket: plain, servername: 'localhost', ca: pem.ca }, () => client.push('callback'));
        client.push(['upgraded', c.encrypted, c === plain]);
        c.on('secureConnect', () => client.push(['secureConnect', c.authorized, c.getProtocol()]));
        c.on('secure', () => client.push('secure'));
        let got = '';
        c.on('data', (x) => { got += x; });
        c.on('end', () => client.push(['end', got]));
        c.on('error', (e) => client.push(['error', e.code]));
        c.on('close', () => { client.push('tls close'); closed(); });
        c.end('secret-from-client');
      };
      plain.on('connect', () => {
        plain.write('STARTTLS\n');
        plain.once('data', (d) => { client.push(['reply', d.toString()]); upgrade(); });
      });
    });
  });
}

(async () => {
  await run('starttls');
  pem.cleanup();
  t.dump();
})();
