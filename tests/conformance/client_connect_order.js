'use strict';
// net.connect(port, ip, cb): pending/connecting until connected, no 'lookup' for
// an IP, the callback before 'connect' listeners, then 'ready'.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('data', (d) => srv.push(['data', d.toString()]));
  s.on('end', () => srv.push(['end']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);

server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => cli.push(['callback', c.pending, c.connecting, c.readyState]));
  cli.push(['connecting', c.pending, c.connecting, c.readyState, c.remoteAddress]);
  c.on('lookup', () => cli.push(['lookup']));
  c.on('connect', () => cli.push(['connect', c.remoteAddress, c.remoteFamily, typeof c.remotePort, c.localAddress]));
  c.on('ready', () => { cli.push(['ready']); c.end(); });
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
