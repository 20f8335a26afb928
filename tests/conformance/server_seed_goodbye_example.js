'use strict';
// The seed's first example: a goodbye server on an OS-assigned port; the client gets "goodbye\n".
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer((socket) => {
  socket.end('goodbye\n');
}).on('error', (err) => {
  throw err;
});
server.listen(() => {
  const a = server.address();
  t.log('opened server on', a.address, a.family, typeof a.port === 'number' && a.port > 0);
  const client = net.connect(a.port, '127.0.0.1');
  const chunks = [];
  client.on('data', (d) => chunks.push(d.toString()));
  client.on('end', () => t.log('client end', chunks.join('')));
  client.on('close', (hadError) => {
    t.log('client close', hadError);
    server.close(() => t.log('server closed', server.address()));
  });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
