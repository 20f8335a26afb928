'use strict';
// A peer reset gives the server socket 'error' ECONNRESET (syscall read), no
// 'end', then close(true); the client that reset sees only close(false).
const net = require('net');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
let c;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('data', (d) => { srv.push(['data', d.toString()]); c.resetAndDestroy(); });
  s.on('end', () => srv.push(['end']));
  s.on('error', (e) => srv.push(['error', errInfo(e), e.syscall, e.code]));
  s.on('close', (hadError) => { srv.push(['close', hadError, s.destroyed, s.readyState]); server.close(); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1', () => c.write('x'));
  c.on('error', (e) => cli.push(['error', errInfo(e)]));
  c.on('close', (hadError) => { cli.push(['close', hadError, c.destroyed]); done(); });
});
