'use strict';
// write() with a bad chunk throws at once: null is ERR_STREAM_NULL_VALUES,
// a number or an object ERR_INVALID_ARG_TYPE (TypeErrors); the socket goes on.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['null', attempt(() => s.write(null))]);
  srv.push(['number', attempt(() => s.write(42))]);
  srv.push(['object', attempt(() => s.write({}))]);
  srv.push(['still open', s.destroyed, s.write('fine')]);
  s.end();
  s.on('close', () => { srv.push(['close']); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  let got = '';
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('data', (d) => { got += d; });
  c.on('close', () => { cli.push(['got', got]); server.close(); done(); });
});
