'use strict';
// Node 20 ignores reusePort, so the second server gets EADDRINUSE (gnet sets SO_REUSEPORT: deliberate difference 4; see the .py).
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const a = net.createServer();
a.listen({ port: 0, host: '127.0.0.1', reusePort: true }, () => {
  const port = a.address().port;
  const b = net.createServer();
  b.on('error', (e) => { t.log('second error', e.code); a.close(); });
  b.listen({ port, host: '127.0.0.1', reusePort: true }, () => {
    t.log('second listening on the same port', b.address().port === port);
    b.close();
    a.close();
  });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
