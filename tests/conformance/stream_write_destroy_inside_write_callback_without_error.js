'use strict';
// destroy() inside a write callback: end's callback gets
// ERR_STREAM_DESTROYED (end), the next write's null, then 'close'(false).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.write('a', (e) => { t.log('cb1', ei(e)); s.destroy(); });
  s.write('b', (e) => t.log('cb2', ei(e)));
  s.end((e) => t.log('end cb', ei(e)));
});
