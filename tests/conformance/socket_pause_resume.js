'use strict';
// pause() stops 'data' (the bytes wait, and so does 'end'); resume() delivers
// them, then 'end'.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
let sock;
let c;
const server = net.createServer((s) => {
  sock = s;
  c.end('abc');
  s.on('data', (d) => srv.push(['data', d.toString(), s.isPaused()]));
  s.pause();
  srv.push(['paused', s.isPaused(), s.readableFlowing]);
  s.on('end', () => srv.push(['end']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1');
  c.on('finish', () => { srv.push(['resume returns socket', sock.resume() === sock, sock.isPaused()]); });
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
  c.resume();
});
