'use strict';
// on() and addListener() append: listeners run in the order added, get the
// emit's arguments, and both return the emitter.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
t.log('on returns the emitter', e.on('x', (...args) => t.log('a', args)) === e);
t.log('addListener returns the emitter', e.addListener('x', (...args) => t.log('b', args)) === e);
e.on('x', (...args) => t.log('c', args));
t.log('addListener is on', EventEmitter.prototype.addListener === EventEmitter.prototype.on);
t.log('emit', e.emit('x', 1, 'two'));
t.log('emit', e.emit('x'));
t.dump();
