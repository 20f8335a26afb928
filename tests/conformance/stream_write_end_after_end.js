'use strict';
// end('a', cb1), end(cb2), end('b', cb3): the write in the third end() is
// a write after end; every end callback gets ERR_STREAM_WRITE_AFTER_END,
// 'error' between the first two and the third, then 'close'(true).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.end('a', (e) => t.log('end1 cb', ei(e)));
  s.end((e) => t.log('end2 cb', ei(e)));
  s.end('b', (e) => t.log('end3 cb', ei(e)));
  t.log('state', s.writableEnded, s.destroyed);
});
