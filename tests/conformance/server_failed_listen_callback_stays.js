'use strict';
// A failed listen(port, host, cb) leaves cb registered: a retry without close() fires it too, before the new callback.
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const blocker = net.createServer();
blocker.listen(0, '127.0.0.1', () => {
  const port = blocker.address().port;
  const server = net.createServer();
  server.once('error', (e) => {
    t.log('error', e.code, server.listenerCount('listening'));
    blocker.close(() => {
      server.listen(port, '127.0.0.1', () => {
        t.log('cb 2', server.address().port === port);
        server.close();
      });
    });
  });
  server.listen(port, '127.0.0.1', () => t.log('cb 1'));
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
