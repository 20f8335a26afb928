'use strict';
// readableAll / writableAll OR 0444 / 0222 into the socket file's mode (umask 022); abstract names refuse them.
const fs = require('fs'); const os = require('os'); const path = require('path');
const net = require('net');
const { Trace, attempt } = require('./_trace');
const t = new Trace();
process.umask(0o022);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnet-'));
const cases = [{}, { readableAll: true }, { writableAll: true }, { readableAll: true, writableAll: true }];
cases.forEach((opts, i) => {
  const server = net.createServer();
  const file = path.join(dir, `m${i}.sock`);
  server.listen({ path: file, ...opts });
  t.log(opts, (fs.statSync(file).mode & 0o777).toString(8));
  server.close();
});
t.log(attempt(() => net.createServer().listen({ path: '\0gnet-abstract', writableAll: true })).threw.code);
fs.rmSync(dir, { recursive: true });
t.dump();
