'use strict';
// setEncoding('utf8'): a multi-byte character split across two reads comes
// out whole in the next 'data' string.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
let c;
const server = net.createServer((s) => {
  s.setEncoding('utf8');
  s.on('data', (d) => {
    srv.push(['data', typeof d, d]);
    if (d === 'a') c.write(Buffer.from([0xac, 0x62]));
  });
  s.on('end', () => srv.push(['end']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1', () => c.write(Buffer.from([0x61, 0xe2, 0x82])));
  c.on('data', () => {});
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
  c.setTimeout(0);
  server.on('connection', (s) => s.on('data', (d) => { if (d !== 'a') c.end(); }));
});
