'use strict';
// listen(path): address() is the path at once, the socket file exists; a client connects by path; close() removes the file.
const fs = require('fs'); const os = require('os'); const path = require('path');
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnet-'));
const file = path.join(dir, 's.sock');
const server = net.createServer((socket) => {
  t.log('connection', socket.remoteAddress, socket.remotePort);
  socket.end('hi');
});
server.listen(file, () => t.log('listening event'));
t.log('sync', server.listening, server.address() === file, fs.statSync(file).isSocket());
server.on('listening', () => {
  const c = net.connect(file);
  c.on('data', (d) => t.log('client data', d.toString()));
  c.on('close', () => {
    server.close(() => {
      t.log('closed', fs.existsSync(file));
      fs.rmSync(dir, { recursive: true });
    });
  });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
