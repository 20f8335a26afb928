'use strict';
// destroy(err) while connecting, with two writes and end(cb) waiting: the first
// write gets ERR_SOCKET_CLOSED_BEFORE_CONNECTION just before 'close', the
// second and end's callback the destroy error (or that one); errored too.
const net = require('net');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const ei = (e) => (e ? errInfo(e) : null);
const server = net.createServer(() => {});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('close', (hadError) => t.log('close, added before the writes', hadError));
  c.write('a', (e) => t.log('cb a', ei(e)));
  c.write('b', (e) => t.log('cb b', ei(e)));
  c.end('z', (e) => t.log('end cb', ei(e)));
  c.on('error', (e) => t.log('error', ei(e)));
  c.on('close', (hadError) => {
    t.log('close', hadError, ei(c.errored));
    server.close();
    t.dump();
  });
  t.log('connecting', c.connecting);
  c.destroy(new Error('x'));
});
