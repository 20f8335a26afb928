'use strict';
// listenerCount(name) counts every listener; listenerCount(name, fn) counts
// fn and once-wrappers of fn.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function f() {}
function g() {}
function h() {}
function counts() {
  return [e.listenerCount('x'), e.listenerCount('x', f), e.listenerCount('x', g),
    e.listenerCount('x', h), e.listenerCount('none'), e.listenerCount('none', f)];
}
t.log('empty', counts());
e.on('x', f);
t.log('one', counts());
e.on('x', g);
e.once('x', f);
e.on('x', f);
t.log('four', counts());
e.emit('x');
t.log('after emit (once gone)', counts());
e.off('x', f);
t.log('after off(f)', counts());
t.dump();
