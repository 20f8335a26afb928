'use strict';
// A failed connect with localAddress and localPort names them in the
// message (' - Local (address:port)') and as fields; localPort alone binds
// the wildcard address; localAddress alone adds nothing.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
const probe = net.createServer().listen(0, '127.0.0.1', () => {
  const free = probe.address().port;
  const m = (s) => s.replace(String(free), 'F');
  probe.close(() => {
    const c = net.connect({ port: 1, host: '127.0.0.1', localAddress: '127.0.0.1', localPort: free });
    c.on('connectionAttemptFailed', (ip, port, family, e) => t.log('failed', ip, port, family, m(e.message)));
    c.on('error', (e) => {
      t.log('both', e.code, m(e.message), e.address, e.port, e.localAddress, e.localPort === free, e.syscall);
      const d = net.connect({ port: 1, host: '127.0.0.1', localPort: free });
      d.on('error', (e2) => {
        t.log('port only', e2.code, m(e2.message), e2.localAddress, e2.localPort === free);
        const x = net.connect({ port: 1, host: '127.0.0.1', localAddress: '127.0.0.2' });
        x.on('error', (e3) => {
          t.log('address only', e3.code, e3.message, e3.localAddress, e3.localPort);
          t.dump();
        });
      });
    });
  });
});
