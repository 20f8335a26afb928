'use strict';
// pauseOnConnect: readableFlowing false, a 'data' listener does not start the
// flow and nothing is read (bytesRead 0) until resume().
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
let sock;
let c;
const server = net.createServer({ pauseOnConnect: true }, (s) => {
  sock = s;
  c.end('xyz');
  s.on('data', (d) => srv.push(['data', d.toString(), s.bytesRead]));
  srv.push(['connection', s.readableFlowing, s.isPaused()]);
  s.on('end', () => srv.push(['end']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1');
  c.on('finish', () => { srv.push(['before resume', sock.bytesRead]); sock.resume(); });
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
  c.resume();
});
