'use strict';
// destroy(err) inside the callback of a write the kernel took: end's
// callback gets the error at once, the next (taken) write's callback null,
// then 'error', then 'close'(true).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.write('a', (e) => {
    t.log('cb1', ei(e));
    s.destroy(new Error('in cb'));
    t.log('after destroy');
  });
  s.write('b', (e) => t.log('cb2', ei(e)));
  s.end((e) => t.log('end cb', ei(e)));
});
