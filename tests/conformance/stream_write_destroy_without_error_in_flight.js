'use strict';
// An 8 MiB write in flight and a second one buffered, then destroy():
// the in-flight callback gets null, the buffered one ERR_STREAM_DESTROYED,
// then 'close'(false); no 'error'.
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  t.log('w1', s.write(Buffer.alloc(8 * 1024 * 1024, 97), (e) => t.log('cb1', ei(e))));
  t.log('w2', s.write('second', (e) => t.log('cb2', ei(e))));
  s.destroy();
  t.log('destroyed', s.destroyed, s.closed, ei(s.errored));
});
