'use strict';
// write() callbacks run in order, once the data reached the kernel, with null;
// the end() callback runs before 'finish' listeners.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer((s) => {
  srv.push(['write', s.write('a', (e) => srv.push(['cb a', e]))]);
  srv.push(['write', s.write(Buffer.from('b'), (e) => srv.push(['cb b', e]))]);
  srv.push(['write', s.write('c', 'utf8', (e) => srv.push(['cb c', e]))]);
  s.end('d', () => srv.push(['end cb']));
  s.on('finish', () => srv.push(['finish']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  let got = '';
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('data', (d) => { got += d; });
  c.on('end', () => cli.push(['end', got]));
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
