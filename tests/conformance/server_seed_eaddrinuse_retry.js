'use strict';
// The seed's second example: on EADDRINUSE, retry later with close() + listen(PORT, HOST).
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const HOST = '127.0.0.1';
const blocker = net.createServer();
blocker.listen(0, HOST, () => {
  const PORT = blocker.address().port;
  const server = new net.Server();
  let tries = 0;
  server.on('error', (e) => {
    t.log('error', e.code, e.syscall, e.address, e.port === PORT, server.listening);
    if (e.code === 'EADDRINUSE') {
      t.log('Address in use, retrying...');
      tries += 1;
      if (tries === 2) blocker.close();
      setTimeout(() => {
        server.close();
        server.listen(PORT, HOST);
      }, 10);
    }
  });
  server.on('close', () => t.log('server close'));
  server.on('listening', () => {
    t.log('listening', server.address().port === PORT, tries);
    server.close();
  });
  server.listen(PORT, HOST);
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
