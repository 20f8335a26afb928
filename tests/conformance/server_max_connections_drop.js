'use strict';
// maxConnections = 1: the second client is accepted and closed at once; 'drop' carries Node's six fields; the dropped client sees end, close(false); the slot frees on destroy.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
let port, first, n = 0;
const server = net.createServer((socket) => {
  n += 1;
  t.log('connection', n);
  if (n === 2) { server.close(); socket.destroy(); return; }
  socket.on('close', () => {
    const third = net.connect(port, '127.0.0.1');
    third.on('close', (hadError) => t.log('third close', hadError));
  });
  const second = net.connect(port, '127.0.0.1');
  second.on('end', () => t.log('second end'));
  second.on('close', (hadError) => {
    t.log('second close', hadError);
    socket.destroy();
    first.destroy();
  });
});
server.maxConnections = 1;
server.on('drop', (data) => {
  t.log('drop', Object.keys(data), data.localAddress, data.localPort === port, data.localFamily,
    data.remoteAddress, typeof data.remotePort, data.remoteFamily);
  server.getConnections((err, count) => t.log('count at drop', count));
});
server.on('close', () => t.log('server close'));
server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  first = net.connect(port, '127.0.0.1');
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
