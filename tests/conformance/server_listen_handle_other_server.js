'use strict';
// listen(otherServer) adopts its listening socket synchronously: same address, and connections go to the adopting server.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const original = net.createServer(() => t.log('original got a connection'));
original.listen(0, '127.0.0.1', () => {
  const adopter = net.createServer((socket) => {
    t.log('adopter got a connection');
    socket.end();
  });
  adopter.listen(original);
  const a = adopter.address();
  t.log('sync', adopter.listening, a.address, a.port === original.address().port);
  adopter.on('listening', () => {
    const c = net.connect(a.port, '127.0.0.1');
    c.on('end', () => c.end());
    c.on('close', () => adopter.close(() => { t.log('adopter closed'); original.close(); }));
  });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
