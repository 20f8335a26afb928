'use strict';
// bytesRead counts what was read, bytesWritten what write() accepted (queued
// or sent); both keep their values after close.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('data', (d) => { srv.push(['data', s.bytesRead]); s.write('12345678'); srv.push(['written', s.bytesWritten]); s.end('90'); });
  s.on('close', (hadError) => { srv.push(['close', hadError, s.bytesRead, s.bytesWritten]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.write('abc'));
  cli.push(['initial', c.bytesRead, c.bytesWritten]);
  c.on('data', () => {});
  c.on('end', () => cli.push(['end', c.bytesRead, c.bytesWritten]));
  c.on('close', (hadError) => { cli.push(['close', hadError, c.bytesRead, c.bytesWritten]); server.close(); done(); });
});
