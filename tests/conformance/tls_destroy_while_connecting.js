'use strict';
// destroy() of a TLS client before its TCP connect: the writes and end() made
// while connecting get ERR_SOCKET_CLOSED_BEFORE_CONNECTION, as a plain
// socket's do, without 'error': from a 'close' listener the first write
// added, so a 'close' listener added before it runs first.
const net = require('net');
const tls = require('tls');
const { Trace } = require('./_trace');

const t = new Trace();
const server = net.createServer(() => {}).listen(0, '127.0.0.1', () => {
  const s = tls.connect({ port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false });
  s.on('error', (e) => t.log('error', e.code));
  s.on('close', (hadError) => t.log('close, added before the writes', hadError));
  s.write('x', (e) => t.log('write 1', e && e.code));
  s.write('y', (e) => t.log('write 2', e && e.code));
  s.end((e) => t.log('end', e && e.code));
  t.log('before destroy', s.connecting, s.writableLength);
  s.destroy();
  t.log('after destroy', s.connecting, s.destroyed);
  s.on('close', (hadError) => {
    t.log('close', hadError);
    server.close();
    t.dump();
  });
});
