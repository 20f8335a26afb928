'use strict';
// eventNames(): names with listeners, in the order first added; a name
// that lost its last listener and comes back goes to the end.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() {}
function g() {}
t.log('empty', e.eventNames());
e.on('beta', f);
e.on('alpha', f);
e.once('gamma', f);
e.on('beta', g);
t.log('added', e.eventNames());
e.off('beta', f);
t.log('beta still has g', e.eventNames());
e.off('beta', g);
t.log('beta gone', e.eventNames());
e.on('beta', f);
t.log('beta back at the end', e.eventNames());
e.emit('gamma');
t.log('once fired', e.eventNames());
e.on('newListener', f);
e.on('delta', g);
t.log('with newListener', e.eventNames());
t.dump();
