'use strict';
// off() removes the most recently added matching listener, one per call;
// removing an absent listener or from an unknown event does nothing.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function a(tag) { t.log('a', tag); }
function b(tag) { t.log('b', tag); }
function absent() {}
e.on('x', a);
e.on('x', b);
e.on('x', a);
e.emit('x', 'before');
t.log('off returns the emitter', e.off('x', a) === e);
e.emit('x', 'after one off');
t.log('off absent returns the emitter', e.off('x', absent) === e, e.listenerCount('x'));
t.log('off unknown event returns the emitter', e.off('nope', a) === e, e.eventNames());
t.log('off is removeListener', EventEmitter.prototype.off === EventEmitter.prototype.removeListener);
e.removeListener('x', a);
e.emit('x', 'after two');
e.off('x', b);
t.log('all gone', e.emit('x', 'never'), e.eventNames());
t.dump();
