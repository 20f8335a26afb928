'use strict';
// write() and end() before 'connect' are queued: write returns true and
// counts in bytesWritten; the data and the FIN follow the connect.
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
  const c = net.connect(server.address().port, '127.0.0.1');
  cli.push(['write', c.write('early', () => cli.push(['write cb'])), c.bytesWritten, c.readyState]);
  c.end(' bird', () => cli.push(['end cb']));
  cli.push(['after end', c.readyState, c.writableEnded]);
  c.on('connect', () => cli.push(['connect']));
  c.on('finish', () => cli.push(['finish']));
  c.on('close', (hadError) => { cli.push(['close', hadError, c.bytesWritten]); server.close(); done(); });
  c.resume();
});
