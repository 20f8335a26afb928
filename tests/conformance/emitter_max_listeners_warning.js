'use strict';
// Past getMaxListeners() listeners for one event a
// MaxListenersExceededWarning is issued, once per event name; the default
// limit is 10 and 0 means unlimited. setMaxListeners() validates n.
const EventEmitter = require('events');
const { Trace, attempt } = require('./_trace');

const t = new Trace();
const warnings = [];
process.on('warning', (w) => warnings.push([w.name, w.message]));
class MyEmitter extends EventEmitter {}
const e = new MyEmitter();
t.log('default limit', e.getMaxListeners());
for (let i = 0; i < 12; i += 1) e.on('x', () => {});
const e2 = new EventEmitter();
t.log('setMaxListeners returns the emitter', e2.setMaxListeners(2) === e2, e2.getMaxListeners());
for (let i = 0; i < 3; i += 1) e2.on('y', () => {});
e2.on('z', () => {});
e2.on('z', () => {});
const e3 = new EventEmitter();
e3.setMaxListeners(0);
for (let i = 0; i < 20; i += 1) e3.on('w', () => {});
t.log('setMaxListeners(-1)', attempt(() => e3.setMaxListeners(-1)));
t.log('setMaxListeners(NaN)', attempt(() => e3.setMaxListeners(NaN)));
t.log('setMaxListeners(Infinity)', attempt(() => e3.setMaxListeners(Infinity)));
// Node emits process warnings on a later tick.
setImmediate(() => {
  t.log('warnings', warnings);
  t.dump();
});
