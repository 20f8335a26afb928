'use strict';
// A second listen() on a listening server throws ERR_SERVER_ALREADY_LISTEN before registering its callback.
const net = require('net');
const { Trace, attempt } = require('./_trace');
const t = new Trace();
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  t.log('listening', server.listenerCount('listening'));
  t.log(attempt(() => server.listen(0, '127.0.0.1', () => t.log('never'))));
  t.log(attempt(() => server.listen({ path: 'never.sock' })));
  t.log('listeners', server.listenerCount('listening'));
  server.close(() => {
    t.log('closed; listen again', attempt(() => server.listen(0, '127.0.0.1', () => {
      t.log('listening again');
      server.close();
    })));
  });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
