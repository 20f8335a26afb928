'use strict';
// With allowHalfOpen the server socket stays writable after 'end' (writeOnly)
// and its late writes reach the client before its own end().
const net = require('net');
const { Trace } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
let got = '';
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
const server = net.createServer({ allowHalfOpen: true }, (s) => {
  srv.push(['connection', s.allowHalfOpen]);
  s.on('data', (d) => srv.push(['data', d.toString()]));
  s.on('end', () => {
    srv.push(['end', s.readyState, s.writable]);
    srv.push(['write', s.write('late ')]);
    s.end('bye', () => srv.push(['end callback']));
    srv.push(['after end()', s.readyState]);
  });
  s.on('finish', () => srv.push(['finish']));
  s.on('close', (hadError) => { srv.push(['close', hadError]); done(); });
});
server.on('close', done);
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.end('hi'));
  c.on('data', (d) => { got += d.toString(); });
  c.on('end', () => cli.push(['end', got]));
  c.on('finish', () => cli.push(['finish']));
  c.on('close', (hadError) => { cli.push(['close', hadError]); server.close(); done(); });
});
