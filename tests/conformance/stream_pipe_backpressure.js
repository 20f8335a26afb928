'use strict';
// A pipe pauses its source when the destination's write() returns false and
// resumes it on the destination's 'drain'; the source's 'end' ends the
// destination ('finish' unpipes it) and every byte arrives, in order.
const net = require('net');
const crypto = require('crypto');
const { Trace } = require('./_trace');

const t = new Trace();
const SIZE = 4 * 1024 * 1024;
const payload = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i += 4) payload.writeUInt32LE(i, i);
const digest = (b) => crypto.createHash('sha256').update(b).digest('hex');
let pending = 3;
function done() { if (--pending === 0) { sinkServer.close(); srcServer.close(); t.dump(); } }
let sinkConn;
let dest;
const sinkServer = net.createServer({ pauseOnConnect: true }, (s) => {
  sinkConn = s;
  const c = net.connect(srcServer.address().port, '127.0.0.1', () => c.end(payload));
  c.on('close', done);
  const chunks = [];
  s.on('data', (d) => chunks.push(d));
  s.on('end', () => {
    const all = Buffer.concat(chunks);
    t.log('sink end', all.length, digest(all) === digest(payload));
    done();
  });
});
const srcServer = net.createServer((src) => {
  dest.on('pipe', (s) => t.log('pipe', s === src));
  dest.on('unpipe', (s) => t.log('unpipe', s === src, dest.writableFinished));
  t.log('pipe returns dest', src.pipe(dest) === dest);
  let paused = false;
  src.on('data', () => {
    if (!paused && dest.writableNeedDrain) {
      paused = true;
      t.log('dest full: src paused', src.isPaused(), src.readableFlowing);
      dest.once('drain', () => t.log('drain: src resumed', src.isPaused(), src.readableFlowing));
      sinkConn.resume();
    }
  });
  src.on('end', () => t.log('src end: dest ended', dest.writableEnded));
  dest.on('finish', () => t.log('dest finish'));
  dest.on('close', done);
});
sinkServer.listen(0, '127.0.0.1', () => srcServer.listen(0, '127.0.0.1', () => {
  dest = net.connect(sinkServer.address().port, '127.0.0.1');
}));
