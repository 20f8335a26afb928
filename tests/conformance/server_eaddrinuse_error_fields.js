'use strict';
// EADDRINUSE on 127.0.0.1: emitted (not thrown) on a later tick with code, syscall 'listen', address, port and Node's message; no 'close', no 'listening'.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const blocker = net.createServer();
blocker.listen(0, '127.0.0.1', () => {
  const port = blocker.address().port;
  const server = net.createServer();
  let sync = true;
  server.on('listening', () => t.log('listening event'));
  server.on('close', () => t.log('close event'));
  server.on('error', (e) => {
    t.log('error', sync, e instanceof Error, e.code, e.syscall, e.address, e.port === port,
      e.message.replace(String(port), 'PORT'), server.listening, server.address());
    blocker.close();
  });
  t.log('listen returns server', server.listen(port, '127.0.0.1', () => t.log('listen cb')) === server);
  sync = false;
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
