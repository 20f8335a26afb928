'use strict';
// 'pause' is emitted inside pause() when the socket was not paused already;
// 'resume' on the next tick after resume(), before buffered data flows; a
// 'data' listener resumes; a paused socket still buffers up to its
// highWaterMark, which readableLength counts.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
let c;
const server = net.createServer((s) => {
  s.on('pause', () => t.log('pause event', s.readableFlowing));
  s.on('resume', () => t.log('resume event', s.readableFlowing, s.readableLength));
  t.log('pause()', s.pause() === s);
  t.log('after pause', s.isPaused());
  s.pause();
  t.log('second pause: no event');
  t.log('hwm', s.readableHighWaterMark, s.writableHighWaterMark);
  c.write('abc');
  let turns = 0;
  const poll = () => {
    if (s.readableLength < 3 && turns++ < 100000) { setImmediate(poll); return; }
    t.log('paused, buffered', s.readableLength, s.readableFlowing);
    s.on('data', (d) => { t.log('data', d.toString(), s.readableLength); c.end(); });
    t.log('data listener while paused', s.readableFlowing);
    s.resume();
    t.log('after resume()', s.readableFlowing);
  };
  poll();
  s.on('end', () => t.log('end'));
  s.on('close', () => { server.close(); t.dump(); });
});
server.listen(0, '127.0.0.1', () => { c = net.connect(server.address().port, '127.0.0.1'); });
