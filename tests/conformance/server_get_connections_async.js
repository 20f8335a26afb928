'use strict';
// getConnections() always answers on a later tick; a socket counts in its 'end' handler but not in its 'close' handler; a non-function throws.
const net = require('net');
const { Trace, attempt } = require('./_trace');
const t = new Trace();
const server = net.createServer((socket) => {
  server.getConnections((err, n) => t.log('in connection', err, n));
  socket.on('end', () => server.getConnections((err, n) => t.log('in end', err, n)));
  socket.on('close', () => server.getConnections((err, n) => {
    t.log('in close', err, n);
    server.close();
  }));
  socket.resume();
});
let answered = false;
t.log('returns server', server.getConnections((err, n) => { answered = true; t.log('before listen', err, n); }) === server);
t.log('sync answer', answered);
t.log(attempt(() => server.getConnections()));
t.log(attempt(() => server.getConnections('x')));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.end());
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
