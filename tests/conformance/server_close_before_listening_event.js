'use strict';
// close() right after a synchronous listen(0): no 'listening', the listen callback never runs, close callback() without error, 'close' emitted.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer();
server.on('listening', () => t.log('listening event'));
server.on('close', () => t.log('close event'));
server.listen(0, () => t.log('listen cb'));
t.log('listening after listen()', server.listening, server.address() !== null);
server.close((...args) => t.log('close cb', args.length));
t.log('listening after close()', server.listening, server.address());
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
