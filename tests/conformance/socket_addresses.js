'use strict';
// remote*/local* fields and address() while open; after close the remote fields
// survive only if read before, the local ones never (ports normalised).
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['open', s.remoteAddress, s.remoteFamily, typeof s.remotePort, s.localAddress, s.localFamily,
    s.localPort === server.address().port, s.address().address, s.address().family]);
  s.on('close', () => {
    srv.push(['closed', s.remoteAddress, s.remoteFamily, typeof s.remotePort, s.localAddress, s.localPort, s.address()]);
    done();
  });
  s.resume();
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.end());
  c.on('close', () => {
    cli.push(['closed, never read', c.remoteAddress, c.remotePort, c.localAddress]);
    server.close();
    done();
  });
  c.resume();
});
