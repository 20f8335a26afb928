'use strict';
// close() on a server that never listened: 'close' is still emitted (once per close()), and the callback gets ERR_SERVER_NOT_RUNNING after it.
const net = require('net');
const { Trace, errInfo } = require('./_trace');
const t = new Trace();
const server = net.createServer();
server.on('close', () => t.log('close event', server.listening));
t.log('returns server', server.close((err) => t.log('cb1', errInfo(err))) === server);
server.close((err) => t.log('cb2', errInfo(err)));
server.close('not a function');
t.log('sync end');
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
