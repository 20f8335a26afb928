'use strict';
// once(): the wrapper removes itself before the listener runs, so the
// listener sees it gone and an emit of the same event from inside the
// listener does not call it again.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
t.log('once returns the emitter', e.once('x', (...args) => {
  t.log('once ran', args, 'count inside', e.listenerCount('x'));
  t.log('re-emit inside returns', e.emit('x', 'inner'));
}) === e);
e.on('x', (...args) => t.log('on ran', args));
t.log('first emit', e.emit('x', 1));
t.log('second emit', e.emit('x', 2));
t.log('count', e.listenerCount('x'));
e.once('y', () => t.log('y re-emit inside', e.emit('y')));
t.log('y first emit', e.emit('y'));
t.log('y second emit', e.emit('y'));
t.log('event names', e.eventNames());
t.dump();
