'use strict';
// A failed connect with localAddress and localPort names them in the
// message (' - Local (address:port)') and as fields; localPort alone binds
// the wildcard address; localAddress alone adds nothing; a local address of
// the other family fails the bind with EINVAL.
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();

// Connect from a free local port; the port may be taken meanwhile by
// another test's socket: a fresh one then, up to three times.
function fromFreePort(options, tries, done) {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const port = probe.address().port;
    probe.close(() => {
      const c = net.connect({ ...options, localPort: port });
      const events = [];
      c.on('connectionAttemptFailed', (ip, p, family, e) => events.push(['failed', ip, p, family, e.message.replace(String(port), 'F')]));
      c.on('error', (e) => (e.code === 'EADDRINUSE' && tries > 1 ? fromFreePort(options, tries - 1, done) : done(e, port, events)));
    });
  });
}

const local = { port: 1, host: '127.0.0.1' };
fromFreePort({ ...local, localAddress: '127.0.0.1' }, 3, (e, free, events) => {
  t.log('both', events, e.code, e.message.replace(String(free), 'F'), e.address, e.port, e.localAddress, e.localPort === free, e.syscall);
  fromFreePort(local, 3, (e2, port) => {
    t.log('port only', e2.code, e2.message.replace(String(port), 'F'), e2.localAddress, e2.localPort === port);
    const x = net.connect({ port: 1, host: '127.0.0.1', localAddress: '127.0.0.2' });
    x.on('error', (e3) => {
      t.log('address only', e3.code, e3.message, e3.localAddress, e3.localPort);
      const y = net.connect({ port: 1, host: '127.0.0.1', localAddress: '::1' });
      y.on('error', (e4) => {
        t.log('other family', e4.code, e4.message, e4.syscall, e4.address, e4.port);
        const z = net.connect({ port: 1, host: '::1', localAddress: '127.0.0.1' });
        z.on('error', (e5) => {
          t.log('other family', e5.code, e5.message, e5.syscall, e5.address, e5.port);
          t.dump();
        });
      });
    });
  });
});
