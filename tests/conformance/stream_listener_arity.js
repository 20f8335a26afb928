'use strict';
// A listener or callback declaring fewer parameters than its event passes
// gets the first ones: 'close' without hadError, write/end callbacks without
// err, server.close() and listen() callbacks, once/prepend, custom events;
// listeners() still gives the user's functions.
const net = require('net');
const { EventEmitter } = require('events');
const { Trace } = require('./_trace');

const t = new Trace();
const e = new EventEmitter();
const none = () => t.log('none');
const one = (a) => t.log('one', a);
e.on('x', none);
e.once('x', one);
e.prependListener('x', (a, b) => t.log('two', a, b));
e.emit('x', 1, 2, 3);
e.emit('x', 4, 5, 6);
t.log('listeners', e.listeners('x').length, e.listeners('x')[1] === none);
e.off('x', none);
t.log('after off', e.listenerCount('x'));

const srv = [];
const cli = [];
let pending = 2;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  s.write('hi', () => srv.push('write cb'));
  s.end(() => srv.push('end cb'));
  s.on('close', () => srv.push('socket close'));
  server.close(() => { srv.push('server close cb'); done(); });
});
server.listen(0, '127.0.0.1', () => {
  t.log('listen cb');
  const c = net.connect(server.address().port, '127.0.0.1', () => cli.push('connect cb'));
  c.on('data', () => cli.push('data'));
  c.on('end', () => cli.push('end'));
  c.on('close', () => { cli.push('close'); done(); });
});
