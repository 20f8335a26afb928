'use strict';
// The server-side socket is destroyed after close(): server 'close' and the callback still precede the socket's own 'close'.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer((socket) => {
  socket.on('close', (hadError) => t.log('socket close', hadError));
  server.close((...args) => t.log('close cb', args.length));
  socket.destroy();
  t.log('destroyed', socket.destroyed);
});
server.on('close', () => t.log('server close event'));
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1');
  client.on('end', () => t.log('client end'));
  client.on('close', (hadError) => t.log('client close', hadError));
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
