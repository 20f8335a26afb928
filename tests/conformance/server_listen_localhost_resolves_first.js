'use strict';
// listen(0, 'localhost'): address() is null and listening false until the name is resolved; two listen() calls during the lookup bind once and fire both callbacks.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer();
server.on('listening', () => {
  const a = server.address();
  t.log('listening event', a.address, a.family, server.listening);
});
server.listen(0, 'localhost', () => t.log('cb1'));
t.log('sync', server.listening, server.address());
server.listen(0, 'localhost', () => {
  t.log('cb2');
  server.close();
});
t.log('second listen did not throw');
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
