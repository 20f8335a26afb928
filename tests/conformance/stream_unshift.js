'use strict';
// unshift() puts bytes back in front: the next read() returns them first;
// after 'end' it destroys the socket with ERR_STREAM_UNSHIFT_AFTER_END_EVENT.
const net = require('net');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
let c;
const server = net.createServer((s) => {
  let step = 0;
  s.on('readable', () => {
    t.log('readable', s.readableLength);
    if (step === 0 && s.readableLength >= 11) {
      step = 1;
      const head = s.read(6);
      t.log('read(6)', head.toString());
      t.log('unshift', s.unshift(Buffer.from('HELLO ')), s.readableLength);
      t.log('read()', s.read().toString(), s.readableLength);
      c.end();
    } else if (step === 1) {
      t.log('read() at end', s.read());
    }
  });
  s.on('end', () => {
    t.log('end');
    t.log('unshift after end', s.unshift('x'));
  });
  s.on('error', (e) => t.log('error', errInfo(e)));
  s.on('close', (hadError) => { t.log('close', hadError); server.close(); t.dump(); });
});
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1', () => c.write('hello world'));
});
