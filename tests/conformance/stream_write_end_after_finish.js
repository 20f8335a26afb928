'use strict';
// end(cb) once finished: ERR_STREAM_ALREADY_FINISHED; end(data, cb) then
// is a write after end: its callback gets that error, the socket is
// destroyed with it ('error', 'close'(true)).
const { run } = require('./_write_lifecycle');

run((s, t, ei, client) => {
  s.end('x', (e) => {
    t.log('end1 cb', ei(e), s.writableFinished);
    s.end((e2) => t.log('end2 cb', ei(e2)));
    s.end('y', (e3) => t.log('end3 cb', ei(e3)));
  });
});
