'use strict';
// close() on a listening server with no connections: listening false and address() null at once, 'close' then callback() with no error.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer();
server.on('close', () => t.log('close event'));
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  server.close((...args) => t.log('close cb', args.length, args[0]));
  t.log('after close()', server.listening, server.address());
  const c = net.connect(port, '127.0.0.1');
  c.on('error', (e) => t.log('client error', e.code, e.syscall));
  c.on('close', (hadError) => t.log('client close', hadError));
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
