'use strict';
// Aborting the signal later works like close(): listening false at once, 'close' once the open connection ends; the abort listener is removed on 'close'.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const ac = new AbortController();
const server = net.createServer((socket) => {
  ac.abort();
  const reason = ac.signal.reason;
  t.log('aborted', server.listening, null, reason.name, reason.code, reason.message);
  socket.on('close', () => t.log('socket close'));
  socket.end();
});
server.on('close', () => {
  t.log('close event');
  ac.abort();
});
server.listen({ port: 0, host: '127.0.0.1', signal: ac.signal }, () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('end', () => { t.log('client end'); c.end(); });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
