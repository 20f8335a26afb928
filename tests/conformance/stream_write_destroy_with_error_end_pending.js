'use strict';
// A write in flight, two buffered and end(cb) pending, then destroy(err):
// 'error', the in-flight callback null, the buffered ones and end's the
// error, 'close'(true); never 'finish'.
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.write(Buffer.alloc(8 * 1024 * 1024, 97), (e) => t.log('cb1', ei(e)));
  s.write('second', (e) => t.log('cb2', ei(e)));
  s.end('last', (e) => t.log('end cb', ei(e)));
  t.log('ended', s.writableEnded, s.writableFinished);
  s.destroy(new Error('boom'));
});
