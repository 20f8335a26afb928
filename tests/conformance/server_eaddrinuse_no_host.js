'use strict';
// EADDRINUSE without a host names '::' (no IPv4 fallback); then close(cb) gives ERR_SERVER_NOT_RUNNING and 'close' is emitted.
const net = require('net');
const { Trace, errInfo } = require('./_trace');
const t = new Trace();
const blocker = net.createServer();
blocker.listen(0, () => {
  const port = blocker.address().port;
  const server = net.createServer();
  server.on('close', () => t.log('close event'));
  server.on('error', (e) => {
    t.log('error', e.code, e.address, e.port === port, e.message.replace(String(port), 'PORT'));
    server.close((err) => t.log('close cb', errInfo(err)));
    blocker.close();
  });
  server.listen(port);
  t.log('sync', server.listening);
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
