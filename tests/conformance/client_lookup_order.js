'use strict';
// A host name is looked up first: 'lookup'(null, address, family, host), then
// 'connect', then 'ready'.
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
  const c = net.connect({ port: server.address().port, host: 'localhost', family: 4 });
  c.on('lookup', (err, address, family, host) => cli.push(['lookup', err, address, family, host]));
  c.on('connect', () => cli.push(['connect', c.remoteAddress]));
  c.on('ready', () => { cli.push(['ready']); c.end(); });
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
