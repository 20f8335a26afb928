'use strict';
// An echo server returns every byte; both ends see Node's event order.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('data', (d) => { srv.push(['data', d.toString()]); s.write(d); });
  s.on('end', () => srv.push(['end']));
  s.on('finish', () => srv.push(['finish']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('connect', () => { cli.push(['connect']); c.write('hello'); });
  c.on('data', (d) => { cli.push(['data', d.toString()]); c.end(); });
  c.on('end', () => cli.push(['end']));
  c.on('finish', () => cli.push(['finish']));
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
