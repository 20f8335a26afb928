'use strict';
// off(fn) removes a once(fn) wrapper too (the most recent match, wrapper or
// not); off(wrapper) with the raw wrapper works as well.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() { t.log('f'); }
e.once('x', f);
t.log('count', e.listenerCount('x'));
e.off('x', f);
t.log('after off(f)', e.listenerCount('x'), e.emit('x'));
e.on('x', f);
e.once('x', f);
e.off('x', f);
t.log('left: is the plain f', e.rawListeners('x').map((fn) => fn === f));
e.emit('x');
e.emit('x');
e.removeAllListeners('x');
e.once('x', f);
e.off('x', e.rawListeners('x')[0]);
t.log('off(raw wrapper)', e.listenerCount('x'), e.emit('x'));
t.dump();
