'use strict';
// listen() with a bad port throws RangeError ERR_SOCKET_BAD_PORT, named options.port, at once.
const net = require('net');
const { Trace, attempt } = require('./_trace');
const t = new Trace();
const server = net.createServer();
const cases = [[-1], [65536], [1.5], [NaN], [Infinity], [''], ['  '], [{ port: 'abc' }], [{ port: -1 }],
  [{ port: 70000, host: '127.0.0.1' }], [-1, '127.0.0.1']];
for (const args of cases) t.log(attempt(() => server.listen(...args)), server.listening);
t.dump();
