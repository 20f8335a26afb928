'use strict';
// emit() returns true when the event had listeners, false otherwise, and
// passes every argument through unchanged.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
t.log('no listeners', e.emit('x'));
e.on('x', () => {});
t.log('with a listener', e.emit('x'), 'other event', e.emit('y'));
e.removeAllListeners('x');
t.log('after removal', e.emit('x'));
e.on('error', () => {});
t.log('error with a listener', e.emit('error', new Error('e')));
e.on('args', (...args) => t.log('args', args));
t.log('returns', e.emit('args'));
e.emit('args', 1, null, 'x', [1, 2], { k: 'v' }, true, 2.5);
e.once('once', () => {});
t.log('once', e.emit('once'), e.emit('once'));
t.dump();
