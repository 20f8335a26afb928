'use strict';
// The peer resets while an 8 MiB write is in flight and another is
// buffered: 'error' ECONNRESET first, the in-flight callback null, the
// buffered one ECONNRESET, then 'close'(true).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  t.log('w1', s.write(Buffer.alloc(8 * 1024 * 1024, 97), (e) => t.log('cb1', ei(e))));
  t.log('w2', s.write('second', (e) => t.log('cb2', ei(e))));
  client.resetAndDestroy();
});
