'use strict';
// A listener that is not a function is refused with ERR_INVALID_ARG_TYPE by
// every method that takes one, before anything is added or announced.
const EventEmitter = require('events');
const { Trace, attempt } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
e.on('newListener', (name) => t.log('newListener', name));
for (const bad of [5, 'abc', undefined, {}, [1], true]) {
  t.log('on', attempt(() => e.on('x', bad)));
}
for (const method of ['addListener', 'once', 'prependListener', 'prependOnceListener', 'off', 'removeListener']) {
  t.log(method, attempt(() => e[method]('x', 5)));
}
t.log('nothing added', e.listenerCount('x'), e.eventNames());
t.dump();
