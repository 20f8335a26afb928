'use strict';
// ipv6Only with host '::': IPv4 clients are refused and another server can bind 0.0.0.0 on the same port.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer((s) => s.end());
server.listen({ port: 0, host: '::', ipv6Only: true }, () => {
  const port = server.address().port;
  t.log('listening', server.address().address, server.address().family);
  const c = net.connect(port, '127.0.0.1');
  c.on('error', (e) => {
    t.log('IPv4 client', e.code);
    const v4 = net.createServer();
    v4.on('error', (err) => t.log('v4 error', err.code));
    v4.listen(port, '0.0.0.0', () => {
      t.log('0.0.0.0 on the same port', v4.address().port === port);
      v4.close();
      server.close();
    });
  });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
