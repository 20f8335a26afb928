'use strict';
// Writes buffered behind an 8 MiB one leave as one batch once it is
// taken: 'drain', then every callback null; destroy(err) inside 'drain'
// still gives 'error' and 'close'(true) after them.
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.write(Buffer.alloc(8 * 1024 * 1024, 97), (e) => t.log('cb1', ei(e)));
  s.write('b', (e) => t.log('cb2', ei(e)));
  s.write('c', (e) => t.log('cb3', ei(e)));
  client.resume();
  s.once('drain', () => { t.log('drain', s.writableLength); s.destroy(new Error('late')); });
});
