'use strict';
// write() after end(): returns false, the callback gets ERR_STREAM_WRITE_AFTER_END,
// 'error' is emitted with it, then close(true).
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.on('error', (e) => srv.push(['error', errInfo(e)]));
  s.on('finish', () => srv.push(['finish']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
  s.end();
  srv.push(['write after end', s.write('x', (e) => srv.push(['write callback', errInfo(e)]))]);
  srv.push(['second end returns socket', s.end() === s]);
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('end', () => cli.push(['end']));
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
  c.resume();
});
