'use strict';
// Nobody reads and the client sends only a FIN: the server socket still
// emits end, finish, close(false) (Node reads ahead).
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('end', () => srv.push(['end']));
  s.on('finish', () => srv.push(['finish']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.end());
  c.on('end', () => cli.push(['end']));
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
