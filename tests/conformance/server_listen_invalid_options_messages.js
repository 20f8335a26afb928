'use strict';
// listen() forms Node rejects with TypeError ERR_INVALID_ARG_VALUE / ERR_INVALID_ARG_TYPE, and their messages.
const net = require('net');
const { Trace, attempt } = require('./_trace');
const t = new Trace();
const server = net.createServer();
const cases = [[true], [{}], [{ host: '127.0.0.1' }], [{ port: true }], [{ path: 123 }], [{ path: '' }],
  [{ path: '123' }], [{ fd: -1 }], [{ fd: 'x' }], [{ port: 0, signal: 'x' }], [{ port: 0, host: 123 }],
  [{ backlog: 5 }], [{ path: '\0gnet-x', readableAll: true }]];
for (const args of cases) t.log(attempt(() => server.listen(...args)), server.listening);
t.dump();
