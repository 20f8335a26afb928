'use strict';
// readyState goes opening -> open -> readOnly (after end()) -> closed on the
// client; the server side goes open -> writeOnly (after 'end') -> closed.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['connection', s.readyState]);
  s.on('end', () => srv.push(['end', s.readyState]));
  s.on('close', () => { srv.push(['close', s.readyState]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const fresh = new net.Socket();
  cli.push(['new Socket', fresh.readyState, fresh.pending, fresh.destroyed]);
  const c = net.connect(server.address().port, '127.0.0.1');
  cli.push(['connecting', c.readyState]);
  c.on('connect', () => { cli.push(['connect', c.readyState]); c.end(); cli.push(['after end()', c.readyState]); });
  c.on('end', () => cli.push(['end', c.readyState]));
  c.on('close', () => { cli.push(['close', c.readyState, c.pending]); server.close(); done(); });
  c.resume();
});
