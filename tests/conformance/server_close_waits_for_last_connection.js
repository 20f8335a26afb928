'use strict';
// close() with an open connection: refuses new clients, keeps the old one; on its end the server 'close' and callback come before the socket's 'close'.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer((socket) => {
  t.log('connection');
  socket.on('end', () => t.log('socket end'));
  socket.on('close', (hadError) => t.log('socket close', hadError));
  server.close((...args) => t.log('close cb', args.length));
  t.log('close() returned', server.listening, server.address());
  server.getConnections((err, n) => {
    t.log('getConnections', err, n);
    const late = net.connect(port, '127.0.0.1');
    late.on('error', (e) => {
      t.log('new client', e.code);
      socket.write('still open\n');
    });
  });
});
server.on('close', () => t.log('server close event'));
let port;
server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  const client = net.connect(port, '127.0.0.1');
  client.on('data', (d) => {
    t.log('client data', d.toString());
    client.end();
  });
  client.on('close', () => t.log('client close'));
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
