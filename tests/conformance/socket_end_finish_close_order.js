'use strict';
// Client writes then end(): the server socket (no allowHalfOpen) emits data,
// end (readyState writeOnly), finish, close(false) and ends its side itself.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['connection', s.readyState, s.allowHalfOpen]);
  s.on('data', (d) => srv.push(['data', d.toString(), s.readyState]));
  s.on('end', () => srv.push(['end', s.readyState, s.writable, s.readable, s.readableEnded]));
  s.on('finish', () => srv.push(['finish', s.readyState, s.writableEnded, s.writableFinished]));
  s.on('close', (hadError) => { srv.push(['close', hadError, s.readyState, s.destroyed]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => { c.write('hello'); c.end(); });
  c.on('end', () => cli.push(['end', c.readyState]));
  c.on('finish', () => cli.push(['finish', c.readyState]));
  c.on('close', (hadError) => { cli.push(['close', hadError, c.readyState]); server.close(); done(); });
  c.resume();
});
