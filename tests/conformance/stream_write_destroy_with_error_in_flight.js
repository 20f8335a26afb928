'use strict';
// An 8 MiB write in flight and a second one buffered, then destroy(err):
// 'error' first, the in-flight callback gets null (the kernel had it), the
// buffered one the error, then 'close'(true); writableLength counts both whole.
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  const big = Buffer.alloc(8 * 1024 * 1024, 97);
  t.log('w1', s.write(big, (e) => t.log('cb1', ei(e))));
  t.log('w2', s.write('second', (e) => t.log('cb2', ei(e))));
  t.log('length', s.writableLength, s.bufferSize);
  s.destroy(new Error('boom'));
  t.log('destroyed', s.destroyed, s.closed, ei(s.errored), s.writableLength);
});
