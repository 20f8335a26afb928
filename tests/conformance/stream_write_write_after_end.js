'use strict';
// write() after end(): returns false; its callback, then end's, get
// ERR_STREAM_WRITE_AFTER_END, then 'error', then 'close'(true).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.end('a', (e) => t.log('end cb', ei(e)));
  t.log('w', s.write('b', (e) => t.log('w cb', ei(e))));
  t.log('state', s.writableEnded, s.destroyed, ei(s.errored));
});
