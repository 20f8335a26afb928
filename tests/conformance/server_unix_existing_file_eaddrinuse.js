'use strict';
// listen(path) on an existing regular file: 'error' EADDRINUSE with address = path and port -1; the file is never unlinked.
const fs = require('fs'); const os = require('os'); const path = require('path');
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnet-'));
const file = path.join(dir, 'taken');
fs.writeFileSync(file, 'keep me');
const server = net.createServer();
server.on('error', (e) => {
  t.log('error', e.code, e.syscall, e.address === file, e.port, e.message.replace(file, 'PATH'), server.listening);
  server.close((err) => {
    t.log('close cb', err.code, fs.readFileSync(file, 'utf8'));
    fs.rmSync(dir, { recursive: true });
  });
});
server.listen(file);
t.log('sync', server.listening);
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
