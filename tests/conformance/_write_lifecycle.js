'use strict';
// Shared by the stream_write_* scenarios: run body(s, t, ei, client) in the
// connection listener of a server whose client never reads; the server
// socket's 'error', 'finish' and 'close' are logged, and the trace is dumped
// a loop turn after its 'close'.
const net = require('net');
const { Trace, errInfo } = require('./_trace');

const ei = (e) => (e ? errInfo(e) : null);

function run(body) {
  const t = new Trace();
  let client;
  const server = net.createServer((s) => {
    s.on('error', (e) => t.log('error', ei(e)));
    s.on('finish', () => t.log('finish'));
    s.on('close', (hadError) => {
      t.log('close', hadError, s.closed, ei(s.errored));
      client.destroy();
      server.close();
      setImmediate(() => t.dump());
    });
    body(s, t, ei, client);
    t.log('sync done');
  });
  server.listen(0, '127.0.0.1', () => {
    client = net.connect(server.address().port, '127.0.0.1');
    client.pause();
    client.on('error', () => {});
  });
}

module.exports = { run };
