'use strict';
// An emit works on a copy of the listeners taken when it starts: a listener
// removed during the emit still runs in it, one added does not, and a
// listener may remove itself.
const EventEmitter = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
function a() { t.log('a'); e.off('x', b); e.on('x', c); }
function b() { t.log('b'); }
function c() { t.log('c'); }
function self() { t.log('self'); e.off('s', self); }
function label(fn) { return new Map([[a, 'a'], [b, 'b'], [c, 'c'], [self, 'self']]).get(fn) || '?'; }
e.on('x', a);
e.on('x', b);
t.log('-- first emit');
e.emit('x');
t.log('now', e.listeners('x').map(label));
t.log('-- second emit');
e.emit('x');
t.log('now', e.listeners('x').map(label));
e.on('s', self);
e.on('s', b);
t.log('-- self-removal');
e.emit('s');
e.emit('s');
e.once('o', () => { t.log('once removes all'); e.removeAllListeners('o'); });
e.on('o', () => t.log('still runs in this emit'));
t.log('-- removeAllListeners during emit');
t.log(e.emit('o'), e.emit('o'));
t.dump();
