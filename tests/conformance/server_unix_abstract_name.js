'use strict';
// A Linux abstract name ("\0name"): no file is created, address() is the name with its NUL, clients connect by it.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const name = `\0gnet-abstract-${process.pid}`;
const server = net.createServer((socket) => socket.end('abstract'));
server.listen(name, () => {
  t.log('listening', server.address() === name, server.address().charCodeAt(0));
  const c = net.connect(name);
  c.on('data', (d) => t.log('client data', d.toString()));
  c.on('close', () => server.close(() => t.log('closed')));
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
