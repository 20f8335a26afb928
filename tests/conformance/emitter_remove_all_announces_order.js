'use strict';
// removeAllListeners() with 'removeListener' listeners: every removal is
// announced, each event's listeners last-added first, events in insertion
// order, and 'removeListener' itself last.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() {}
function g() {}
function h() {}
function rl1(name, fn) { t.log('rl1', name, label(fn), 'count now', e.listenerCount(name)); }
function rl2(name, fn) { t.log('rl2', name, label(fn)); }
function label(fn) {
  const names = new Map([[f, 'f'], [g, 'g'], [h, 'h'], [rl1, 'rl1'], [rl2, 'rl2']]);
  if (names.has(fn)) return names.get(fn);
  if (fn && names.has(fn.listener)) return 'once-wrapper(' + names.get(fn.listener) + ')';
  return '?';
}
e.on('removeListener', rl1);
e.on('a', f);
e.on('a', g);
e.on('b', h);
e.once('b', f);
e.on('removeListener', rl2);
e.once('c', g);
t.log('-- removeAllListeners(a)');
e.removeAllListeners('a');
e.on('a', h);
t.log('-- removeAllListeners()');
e.removeAllListeners();
t.log('names after', e.eventNames());
t.dump();
