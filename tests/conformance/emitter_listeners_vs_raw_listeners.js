'use strict';
// listeners() unwraps once-wrappers, rawListeners() does not; the wrapper
// carries the original as .listener, and calling it runs the listener once
// and removes it. Both return copies.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() { t.log('f'); }
function g(...args) { t.log('g', args); }
e.on('x', f);
e.once('x', g);
const ls = e.listeners('x');
const raw = e.rawListeners('x');
t.log('listeners are the originals', ls.map((fn) => fn === f || fn === g));
t.log('raw is the original', raw.map((fn) => fn === f || fn === g));
t.log('raw has .listener', raw.map((fn) => fn.listener !== undefined));
t.log('wrapper .listener is g', raw[1].listener === g);
ls.length = 0;
raw.length = 0;
t.log('copies: count unchanged', e.listenerCount('x'), e.listeners('x').length);
const wrapper = e.rawListeners('x')[1];
wrapper('direct');
t.log('after calling the wrapper', e.listenerCount('x'));
wrapper('again');
t.log('second call did nothing');
e.emit('x');
t.log('unknown event', e.listeners('nope'), e.rawListeners('nope'));
t.dump();
