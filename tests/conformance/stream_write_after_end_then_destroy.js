'use strict';
// write() after end() and destroy(): Node's Writable checks "ending" before
// "destroyed", so the callback gets ERR_STREAM_WRITE_AFTER_END, not
// ERR_STREAM_DESTROYED, and the socket (already destroyed) emits no 'error'.
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.end('a', (e) => t.log('end cb', ei(e)));
  s.destroy();
  t.log('w', s.write('b', (e) => t.log('w cb', ei(e))));
  t.log('state', s.writableEnded, s.destroyed, ei(s.errored));
});
