'use strict';
// close() while 'localhost' is being resolved: the lookup is dropped, no 'listening', callback gets ERR_SERVER_NOT_RUNNING after 'close'.
const net = require('net');
const { Trace, errInfo } = require('./_trace');
const t = new Trace();
const server = net.createServer();
server.on('listening', () => t.log('listening event'));
server.on('close', () => t.log('close event', server.listening));
server.listen(0, 'localhost', () => t.log('listen cb'));
t.log('during lookup', server.listening, server.address());
server.close((err) => t.log('close cb', errInfo(err)));
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
