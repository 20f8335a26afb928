'use strict';
// emit('error', err) with no 'error' listener throws err itself; with a
// listener it is an ordinary event.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
const err = new Error('kaboom');
try {
  e.emit('error', err);
  t.log('did not throw');
} catch (x) {
  t.log('threw the same object', x === err, x.message);
}
e.on('error', (x, extra) => t.log('listener got it', x === err, extra));
t.log('with a listener returns', e.emit('error', err, 'extra'));
e.removeAllListeners('error');
e.once('error', (x) => t.log('once listener got', x.message));
e.emit('error', err);
try {
  e.emit('error', err);
} catch (x) {
  t.log('once used up: threw again', x === err);
}
const te = new TypeError('bad type');
try {
  e.emit('error', te);
} catch (x) {
  t.log('subclass kept', x === te, x.name, x.message);
}
t.dump();
