'use strict';
// The accepted socket's state in the connection listener: open, not pending,
// not flowing yet, no timeout, counters at zero, no 'connect'/'ready' ever.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['state', s.readyState, s.pending, s.connecting, s.destroyed, s.readableFlowing, s.timeout,
    s.bytesRead, s.bytesWritten, s.writableLength, s.bufferSize, s.writableHighWaterMark, s.allowHalfOpen]);
  s.on('connect', () => srv.push(['connect']));
  s.on('ready', () => srv.push(['ready']));
  s.on('close', () => { srv.push(['close']); done(); });
  s.resume();
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.end());
  c.on('close', () => { server.close(); done(); });
  c.resume();
});
