'use strict';
// prependListener() and prependOnceListener() put the listener first.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
e.on('x', () => t.log('a'));
t.log('prependListener returns the emitter', e.prependListener('x', () => t.log('b')) === e);
t.log('prependOnceListener returns the emitter', e.prependOnceListener('x', () => t.log('c once')) === e);
e.prependListener('x', () => t.log('d'));
t.log('first emit', e.emit('x'));
t.log('second emit', e.emit('x'));
t.log('count', e.listenerCount('x'));
e.prependOnceListener('fresh', () => t.log('fresh once'));
e.prependListener('fresh', () => t.log('fresh prepended'));
e.emit('fresh');
e.emit('fresh');
t.dump();
