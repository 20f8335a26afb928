'use strict';
// Connecting to a closed port: 'error' ECONNREFUSED with syscall, address,
// port and Node's message, then close(true); no 'connect'.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
const srv = [];
const cli = [];
let pending = 3;
function done() { if (--pending === 0) { t.log('server', srv); t.log('client', cli); t.dump(); } }
pending = 2;
const c = net.connect(1, '127.0.0.1');
c.on('connect', () => cli.push(['connect']));
c.on('error', (e) => cli.push(['error', errInfo(e), e.syscall, e.address, e.port, c.destroyed]));
c.on('close', (hadError) => { cli.push(['close', hadError, c.readyState]); done(); done(); });
