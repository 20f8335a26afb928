'use strict';
// The same function added twice runs twice per emit; each off() removes
// one registration.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
let runs = 0;
function f(tag) { runs += 1; t.log('f', tag, runs); }
e.on('x', f);
e.on('x', f);
e.emit('x', 'two registrations');
t.log('counts', e.listenerCount('x'), e.listenerCount('x', f));
e.off('x', f);
e.emit('x', 'one left');
t.log('counts', e.listenerCount('x'), e.listenerCount('x', f));
e.off('x', f);
t.log('none left', e.emit('x', 'never'), e.eventNames());
e.once('y', f);
e.once('y', f);
e.emit('y', 'once twice');
t.log('once twice then', e.emit('y', 'never'));
t.dump();
