'use strict';
// The lookup option's answers: an error (emitted as 'lookup' then 'error'),
// an invalid IP, an invalid family, an answer that comes later, and the
// system resolver for 'localhost' with autoSelectFamily (all: true).
const net = require('net');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const server = net.createServer((s) => s.end());
const later = (fn) => setTimeout(fn, 5);
const cases = [
  ['error', (h, o, cb) => later(() => { const e = new Error('resolver down'); e.code = 'EAI_FAIL'; cb(e); })],
  ['invalid ip', (h, o, cb) => later(() => cb(null, '1.2.3', 4))],
  ['invalid family', (h, o, cb) => later(() => cb(null, '127.0.0.1', 5))],
  ['later', (h, o, cb) => later(() => cb(null, '127.0.0.1', 4))],
  ['list later', (h, o, cb) => later(() => cb(null, [{ address: '127.0.0.1', family: 4 }]))],
  ['list of invalid', (h, o, cb) => later(() => cb(null, [{ address: 'x', family: 4 }, { address: '127.0.0.1', family: 7 }]))],
  ['list, bad family first', (h, o, cb) => later(() => cb(null, [{ address: '127.0.0.1', family: 7 }]))],
  ['system resolver', null],
];

function run(index, port) {
  if (index === cases.length) {
    server.close(() => t.dump());
    return;
  }
  const [label, lookup] = cases[index];
  const events = [];
  const options = { port, host: label === 'system resolver' ? 'localhost' : 'name.test' };
  if (lookup) options.lookup = lookup;
  if (label === 'error' || label.startsWith('invalid') || label === 'later') options.family = 4;
  const c = net.connect(options);
  c.on('lookup', (err, ip, family, host) => events.push(['lookup', err && err.code, ip, family, host]));
  c.on('connect', () => events.push(['connect', c.remoteAddress]));
  c.on('error', (e) => {
    const info = errInfo(e);
    info.message = info.message.replace(String(port), 'P');
    events.push(['error', info]);
  });
  c.on('close', (hadError) => {
    events.push(['close', hadError]);
    t.log(label, events);
    run(index + 1, port);
  });
  c.resume();
}

server.listen(0, '127.0.0.1', () => run(0, server.address().port));
