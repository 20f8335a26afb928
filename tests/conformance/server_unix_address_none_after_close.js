'use strict';
// Node 20 keeps returning the path from address() after close() (gnet returns null, as the docs say: deliberate difference 2).
const fs = require('fs'); const os = require('os'); const path = require('path');
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnet-'));
const file = path.join(dir, 's.sock');
const server = net.createServer();
server.listen(file, () => {
  t.log('listening', server.address() === file);
  server.close(() => {
    t.log('closed', server.address(), server.listening);
    fs.rmSync(dir, { recursive: true });
  });
  t.log('after close()', server.address());
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
