'use strict';
// close() then listen() again while a connection is open: when it ends nothing fires; the first close callback waits for the next 'close'.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer((socket) => {
  socket.on('close', () => {
    t.log('socket close', server.listening);
    setTimeout(() => {
      t.log('closing again');
      server.close((...args) => t.log('close cb 2', args.length));
    }, 5);
  });
  server.close((...args) => t.log('close cb 1', args.length));
  server.listen(0, '127.0.0.1', () => {
    t.log('listening again');
    socket.end();
  });
});
server.on('close', () => t.log('server close event'));
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1');
  client.on('end', () => client.end());
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
