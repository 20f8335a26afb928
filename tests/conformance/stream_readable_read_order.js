'use strict';
// With a 'readable' listener, read() returns what is buffered (str after
// setEncoding), read(n) waits for n bytes (null), read() finding nothing
// returns null, and after EOF a 'readable' whose read() is null is
// followed by 'end'; read() emits 'data' with what it returns.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
let c;
const server = net.createServer((s) => {
  s.setEncoding('utf8');
  t.log('mode', s.readableFlowing);
  s.on('readable', () => {
    t.log('readable', s.readableLength);
    if (s.readableLength >= 5) {
      t.log('read(2)', s.read(2));
      t.log('read(10)', s.read(10));
      t.log('read()', s.read());
      t.log('read() again', s.read());
      s.write('ok');
      return;
    }
    let chunk;
    while ((chunk = s.read()) !== null) t.log('read', chunk);
    t.log('null', s.readableEnded);
  });
  t.log('mode after readable', s.readableFlowing, s.isPaused());
  s.on('data', (d) => t.log('data', d));
  t.log('mode after data', s.readableFlowing);
  s.on('end', () => t.log('end', s.readableEnded));
  s.on('close', () => { server.close(); t.dump(); });
});
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1', () => c.write('héllo'));
  c.on('data', () => c.end());
});
