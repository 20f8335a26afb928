'use strict';
// 'newListener' fires before the listener is added (the count inside does
// not include it yet), with the unwrapped function for once(); a listener
// added from inside it for the same event ends up first.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() { t.log('f runs'); }
function g() { t.log('g runs'); }
function inner() { t.log('inner runs'); }
function second() {}
function label(fn) {
  return new Map([[f, 'f'], [g, 'g'], [inner, 'inner'], [second, 'second']]).get(fn) ||
    (fn && fn.listener ? 'once-wrapper' : '?');
}
let added = false;
e.on('newListener', (name, fn) => {
  t.log('newListener', name, label(fn), 'count before add', e.listenerCount(name));
  if (name === 'x' && !added) {
    added = true;
    e.on('x', inner);
  }
});
e.on('x', f);
e.once('x', g);
e.prependListener('y', f);
e.prependOnceListener('y', g);
e.on('newListener', second);
t.log('x order', e.listeners('x').map(label));
t.log('y order', e.listeners('y').map(label));
e.emit('x');
t.dump();
