'use strict';
// The peer resets while a paused socket's read buffer is full (so it is
// not reading): the in-flight write's callback gets 'write ECONNRESET', then
// the buffered one, then 'error', then 'close'(true).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.pause();
  let turns = 0;
  const go = () => {
    if (s.readableLength < s.readableHighWaterMark && turns++ < 100000) {
      setImmediate(go);
      return;
    }
    t.log('buffer full', s.readableLength >= s.readableHighWaterMark);
    t.log('w1', s.write(Buffer.alloc(8 * 1024 * 1024, 97), (e) => t.log('cb1', ei(e))));
    t.log('w2', s.write('second', (e) => t.log('cb2', ei(e))));
    client.resetAndDestroy();
  };
  client.write(Buffer.alloc(64 * 1024, 98));
  go();
});
