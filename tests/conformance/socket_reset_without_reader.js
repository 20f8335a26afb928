'use strict';
// Nobody reads the server socket, yet a reset still gives 'error'
// ECONNRESET (syscall read) then close(true): Node reads ahead.
const net = require('net');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const srv = [];
let pending = 3;
let c;
function done() { if (--pending === 0) { t.log('server', srv); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['connection', s.readableFlowing]);
  c.resetAndDestroy();
  s.on('error', (e) => srv.push(['error', errInfo(e), e.syscall]));
  s.on('close', (hadError) => { srv.push(['close', hadError, s.readableLength]); server.close(); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1');
  c.on('close', () => done());
});
