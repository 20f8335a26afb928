'use strict';
// createServer() validates its options: a non-object, or non-number keepAliveInitialDelay / highWaterMark, throw TypeError.
const net = require('net');
const { Trace, attempt } = require('./_trace');
const t = new Trace();
t.log(attempt(() => net.createServer('x')));
t.log(attempt(() => net.createServer(42)));
t.log(attempt(() => net.createServer({ keepAliveInitialDelay: '1000' })));
t.log(attempt(() => net.createServer({ highWaterMark: '1024' })));
t.log(attempt(() => net.createServer({ allowHalfOpen: true }, 'not a function')));
t.log(attempt(() => net.createServer(null)));
t.log(net.createServer({ allowHalfOpen: 'yes' }).allowHalfOpen, net.createServer().allowHalfOpen);
t.dump();
