'use strict';
// pipe() returns the destination and emits 'pipe'(src) on it; unpipe(dest)
// and unpipe() emit 'unpipe'(src) and remove every listener pipe() added;
// unpiping the last destination pauses the source; a destination's 'close'
// or 'error' unpipes it; unpipe of a stranger does nothing.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
const src = new net.Socket();
const d1 = new net.Socket();
const d2 = new net.Socket();
const names = ['data', 'end'];
const destNames = ['unpipe', 'drain', 'error', 'close', 'finish'];
const base = {
  src: names.map((n) => src.listenerCount(n)),
  d1: destNames.map((n) => d1.listenerCount(n)),
};
function counts(label) {
  t.log(label, names.map((n, i) => src.listenerCount(n) - base.src[i]),
    destNames.map((n, i) => d1.listenerCount(n) - base.d1[i]),
    destNames.map((n, i) => d2.listenerCount(n) - base.d1[i]));
}
for (const [name, d] of [['d1', d1], ['d2', d2]]) {
  d.on('pipe', (s) => t.log(name, 'pipe', s === src));
  d.on('unpipe', (s) => t.log(name, 'unpipe', s === src));
}
t.log('returns dest', src.pipe(d1) === d1);
t.log('flowing', src.readableFlowing, src.isPaused());
src.pipe(d2, { end: false });
counts('two pipes');
src.unpipe(d2);
t.log('flowing', src.readableFlowing);
counts('unpiped d2');
src.unpipe(d2);
src.unpipe(new net.Socket());
src.unpipe(d1);
t.log('flowing', src.readableFlowing, src.isPaused());
counts('unpiped all');
src.unpipe();
src.pipe(d1);
src.pipe(d2);
src.unpipe();
t.log('flowing', src.readableFlowing);
counts('unpipe()');
src.pipe(d1);
src.pipe(d2);
d1.on('close', () => {
  counts('d1 closed');
  d2.destroy(new Error('boom'));
});
d2.on('error', (e) => t.log('d2 error', e.message));
d2.on('close', () => {
  counts('d2 destroyed');
  t.log('flowing', src.readableFlowing);
  t.dump();
});
d1.destroy();
