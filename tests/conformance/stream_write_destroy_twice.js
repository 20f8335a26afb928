'use strict';
// destroy(err) twice: the second does nothing; errored stays the first
// error, which 'error' and the buffered callback get.
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.write(Buffer.alloc(8 * 1024 * 1024), (e) => t.log('cb1', ei(e)));
  s.write('b', (e) => t.log('cb2', ei(e)));
  s.destroy(new Error('one'));
  s.destroy(new Error('two'));
  t.log('errored', ei(s.errored), s.destroyed, s.closed);
});
