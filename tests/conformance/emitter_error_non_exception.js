'use strict';
// emit('error', value) with no listener and a value that is not an Error
// throws ERR_UNHANDLED_ERROR, the value shown in the message and kept as
// err.context.
const EventEmitter = require('events');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
const values = [['boom', 'boom'], ['dict', { a: 1, b: 'x' }], ['nothing', undefined],
  ['number', 42], ['float', 1.5], ['list', [1, 'a']], ['bool', true]];
for (const [label, value] of values) {
  try {
    e.emit('error', value);
    t.log(label, 'did not throw');
  } catch (x) {
    t.log(label, errInfo(x), x.context);
  }
}
try {
  e.emit('error');
} catch (x) {
  t.log('no argument', errInfo(x), x.context);
}
t.dump();
