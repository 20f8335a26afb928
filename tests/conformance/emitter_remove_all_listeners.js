'use strict';
// removeAllListeners(name) clears one event, removeAllListeners() all of
// them; both return the emitter, unknown names are fine.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() { t.log('f'); }
function g() { t.log('g'); }
e.on('a', f);
e.on('b', f);
e.once('b', g);
e.on('c', g);
t.log('names', e.eventNames());
t.log('remove b returns the emitter', e.removeAllListeners('b') === e, e.eventNames());
t.log('emit b', e.emit('b'), 'count b', e.listenerCount('b'));
t.log('remove unknown returns the emitter', e.removeAllListeners('nope') === e, e.eventNames());
t.log('remove all returns the emitter', e.removeAllListeners() === e, e.eventNames());
t.log('emit a', e.emit('a'), 'emit c', e.emit('c'));
e.on('a', g);
t.log('usable again', e.emit('a'), e.eventNames());
t.dump();
