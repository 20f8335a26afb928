'use strict';
// listen({signal}) with an already-aborted signal: no 'listening', the listen callback never runs, 'close' is emitted.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const ac = new AbortController();
ac.abort();
const server = net.createServer();
server.on('listening', () => t.log('listening event'));
server.on('close', () => t.log('close event', server.listening, server.address()));
server.listen({ port: 0, signal: ac.signal }, () => t.log('listen cb'));
t.log('sync', server.listening);
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
