'use strict';
// 'removeListener' fires after the listener is gone (the count inside is
// already lower); nothing fires for an absent listener. Its argument is
// the original for a lone once() listener, but the wrapper when other
// listeners remain (Node passes what it was asked to remove).
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() { t.log('f runs'); }
function g() { t.log('g runs'); }
function h() {}
function label(fn) {
  return new Map([[f, 'f'], [g, 'g'], [h, 'h']]).get(fn) ||
    (fn && fn.listener === f ? 'once-wrapper(f)' : '?');
}
e.on('x', f);
e.on('x', g);
e.once('y', f);
e.on('removeListener', (name, fn) => t.log('removeListener', name, label(fn), 'count after', e.listenerCount(name)));
e.off('x', f);
t.log('-- off absent');
e.off('x', h);
t.log('-- lone once fires');
e.emit('y');
t.log('-- once fires with another listener left');
e.once('z', f);
e.on('z', g);
e.emit('z');
t.log('-- last listener of x');
e.off('x', g);
t.log('names', e.eventNames());
t.dump();
