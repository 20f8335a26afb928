'use strict';
// setTimeout(ms): 'timeout' once per idle period (callback first, socket left
// open); activity starts a new period; setTimeout(0) turns it off.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
let c;
let n = 0;
const server = net.createServer((s) => {
  srv.push(['setTimeout returns socket', s.setTimeout(30, () => srv.push(['callback'])) === s, s.timeout]);
  s.on('timeout', () => {
    n += 1;
    srv.push(['timeout', n, s.destroyed]);
    if (n === 1) c.write('ping');
    else { s.setTimeout(0); srv.push(['off', s.timeout]); s.end(); }
  });
  s.on('data', (d) => srv.push(['data', d.toString()]));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1');
  c.on('end', () => { cli.push(['end']); c.end(); });
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
