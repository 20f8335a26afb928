'use strict';
// destroy() without an error: close(false), no 'error', a second destroy(err)
// is ignored; the client sees end then close(false).
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('error', (e) => srv.push(['error', errInfo(e)]));
  s.on('end', () => srv.push(['end']));
  s.on('finish', () => srv.push(['finish']));
  s.on('close', (hadError) => { srv.push(['close', hadError, s.destroyed]); done(); });
  s.destroy();
  s.destroy(new Error('ignored'));
  srv.push(['destroyed', s.destroyed, s.readyState, s.writable, s.readable]);
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('end', () => cli.push(['end']));
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
