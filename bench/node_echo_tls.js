// Node's TLS echo, the reference for bench/echo_tls.py.
// usage: node bench/node_echo_tls.js HOST PORT CERTDIR
'use strict';
const tls = require('tls');
const fs = require('fs');
const path = require('path');
const [host, port, dir] = process.argv.slice(2);
const srv = tls.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')),
  cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (s) => {
  s.on('error', () => {});
  s.on('data', (d) => { if (!s.write(d)) { s.pause(); s.once('drain', () => s.resume()); } });
});
srv.on('tlsClientError', () => {});
srv.listen(+port, host, 511);
