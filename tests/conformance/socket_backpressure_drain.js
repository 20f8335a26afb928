'use strict';
// A write the kernel cannot take is queued: write() returns false at the
// highWaterMark, writableNeedDrain is set, 'drain' comes once the queue is empty
// (between the callbacks of the small and the big write).
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
let c;
const big = Buffer.alloc(4 * 1024 * 1024, 120);
const server = net.createServer((s) => {
  srv.push(['small', s.write('small', () => srv.push(['cb small'])), s.writableLength]);
  srv.push(['big', s.write(big, () => srv.push(['cb big'])), s.writableLength > 0, s.writableNeedDrain]);
  srv.push(['more', s.write('more', () => srv.push(['cb more']))]);
  s.on('drain', () => { srv.push(['drain', s.writableLength, s.bytesWritten]); s.end(); });
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
  c.resume();
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  let n = 0;
  c = net.connect(server.address().port, '127.0.0.1');
  c.pause();
  c.on('data', (d) => { n += d.length; });
  c.on('end', () => { cli.push(['end', n]); });
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
