'use strict';
// An exception raised by a listener propagates out of emit(): later
// listeners do not run, the emitter stays usable, and a once() listener
// that throws is gone all the same.
const EventEmitter = require('events');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
e.on('x', () => t.log('first'));
e.on('x', () => { t.log('second throws'); throw new Error('from listener'); });
e.on('x', () => t.log('third'));
try {
  e.emit('x');
  t.log('did not throw');
} catch (x) {
  t.log('caught', errInfo(x));
}
t.log('still registered', e.listenerCount('x'));
e.once('y', () => { throw new Error('once threw'); });
try {
  e.emit('y');
} catch (x) {
  t.log('caught', x.message);
}
t.log('once removed anyway', e.listenerCount('y'), e.emit('y'));
e.on('error', (er) => { throw new Error('handler failed: ' + er.message); });
try {
  e.emit('error', new Error('original'));
} catch (x) {
  t.log('from the error listener', x.message);
}
t.dump();
