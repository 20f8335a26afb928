'use strict';
// destroy(err) on the server socket: destroyed at once, then 'error'(err),
// close(true); a write after it gets ERR_STREAM_DESTROYED; the client sees end.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('error', (e) => srv.push(['error', errInfo(e)]));
  s.on('close', (hadError) => { srv.push(['close', hadError, s.readyState]); done(); });
  srv.push(['destroy returns socket', s.destroy(new Error('boom')) === s, s.destroyed, s.readyState]);
  srv.push(['write after destroy', s.write('x', (e) => srv.push(['write callback', errInfo(e)]))]);
  s.destroy(new Error('second'));
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('end', () => cli.push(['end']));
  c.on('error', (e) => cli.push(['error', errInfo(e)]));
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
