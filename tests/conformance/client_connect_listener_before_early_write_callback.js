'use strict';
// connect(port, host, cb) then write('abc', cb2) before 'connect': the
// connect listener runs first, then cb2 with pending false; a 'connect'
// listener added after the write runs after cb2 (the write goes out from
// a 'connect' listener of its own), then 'ready'.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
const server = net.createServer((s) => {
  s.on('data', (d) => t.log('server data', d.toString()));
  s.on('end', () => { s.end(); });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => t.log('connect cb', c.pending, c.connecting));
  t.log('write', c.write('abc', (err) => t.log('write cb', err, c.pending, c.connecting)), c.pending);
  t.log('write 2', c.write('def', (err) => t.log('write 2 cb', err)));
  c.on('connect', () => t.log('connect listener after the write'));
  c.on('ready', () => { t.log('ready'); c.end(); });
  c.on('close', (hadError) => {
    t.log('close', hadError);
    server.close(() => t.dump());
  });
  c.resume();
});
