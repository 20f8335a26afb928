'use strict';
// Node 20: maxConnections = 0 means no limit (gnet follows Node >= 21 instead: deliberate difference 5; see the .py).
const net = require('net');
const { Trace } = require('./_trace');
const t = new Trace();
const server = net.createServer((s) => { t.log('connection'); s.end(); });
server.maxConnections = 0;
server.on('drop', (data) => t.log('drop', data.localAddress, data.remoteFamily));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('end', () => t.log('client end'));
  c.on('close', (hadError) => { t.log('client close', hadError); server.close(); });
});
process.on('exit', () => { t.log('loop empty', true); t.dump(); });
