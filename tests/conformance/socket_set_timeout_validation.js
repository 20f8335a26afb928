'use strict';
// setTimeout() validates: a non-number is a TypeError, a negative or infinite
// value a RangeError, a non-function callback a TypeError.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['string', attempt(() => s.setTimeout('x'))]);
  srv.push(['negative', attempt(() => s.setTimeout(-1))]);
  srv.push(['infinite', attempt(() => s.setTimeout(Infinity))]);
  srv.push(['bad callback', attempt(() => s.setTimeout(10, 'notfn'))]);
  srv.push(['zero', attempt(() => s.setTimeout(0)), s.timeout]);
  s.destroy();
  srv.push(['after destroy returns socket', s.setTimeout(5) === s]);
  s.on('close', () => { done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('close', () => { server.close(); done(); });
});
