'use strict';
// A write in flight and end('x', cb) pending, then destroy(): the in-flight
// callback null; end's callback ERR_STREAM_DESTROYED (end); 'close'(false).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.write(Buffer.alloc(8 * 1024 * 1024, 97), (e) => t.log('cb1', ei(e)));
  s.end('x', (e) => t.log('end cb', ei(e)));
  s.destroy();
});
