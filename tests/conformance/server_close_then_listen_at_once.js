'use strict';
// close() followed at once by listen(0): the first close's 'close' still arrives, while listening is already true, before the new 'listening'.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer();
server.on('close', () => t.log('close event', server.listening));
server.on('listening', () => t.log('listening event', server.listening));
server.listen(0, () => {
  server.close((...args) => t.log('close cb', args.length));
  server.listen(0);
  server.once('listening', () => server.close());
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
