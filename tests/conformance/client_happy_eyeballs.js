'use strict';
// autoSelectFamily (on by default in Node 20) with a lookup answering
// several loopback addresses: the attempt order (families alternate,
// starting with the first answer's; each ip once), the events of each
// attempt, autoSelectFamilyAttemptedAddresses, the AggregateError when all
// fail, and an attempt timeout moving on to the next address.
const net = require('net');
const { spawn } = require('child_process');
const { Trace } = require('./_trace');

const t = new Trace();
const show = (e) => [e.name, e.code, e.message, e.syscall, e.address, e.port];
function watch(c, port, events) {
  const p = (x) => (port && x === port ? 'P' : x);
  const m = (s) => (port ? s.replace(String(port), 'P') : s);
  c.on('lookup', (err, ip, family, host) => events.push(['lookup', err, ip, family, host]));
  c.on('connectionAttempt', (ip, x, family) => events.push(['attempt', ip, p(x), family]));
  c.on('connectionAttemptFailed', (ip, x, family, e) => events.push(['failed', ip, p(x), family, e.code, m(e.message)]));
  c.on('connectionAttemptTimeout', (ip, x, family) => events.push(['timeout', ip, p(x), family]));
  c.on('connect', () => events.push(['connect', c.remoteAddress, c.remoteFamily,
    (c.autoSelectFamilyAttemptedAddresses || []).map(m)]));
  c.on('ready', () => events.push(['ready']));
  c.on('error', (e) => events.push(['error', e.name, e.code, e.message,
    (e.errors || []).map(show), c.autoSelectFamilyAttemptedAddresses]));
}
const lookupOf = (addresses) => (host, opts, cb) => {
  t.log('lookup options', opts.family, opts.hints, opts.all);
  cb(null, addresses);
};

t.log('defaults', net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout());

function dualStack(next) {
  // ::1 first, server on 127.0.0.1 only: ::1 is refused, 127.0.0.1 connects.
  const server = net.createServer((s) => s.end());
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    const events = [];
    const c = net.connect({ port, host: 'dual.test', lookup: lookupOf([{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }]) });
    watch(c, port, events);
    c.resume();
    c.on('close', (hadError) => {
      events.push(['close', hadError]);
      t.log('dual stack', events);
      server.close(next);
    });
  });
}

function allFail(next) {
  const events = [];
  const c = net.connect({ port: 1, host: 'none.test', lookup: lookupOf([
    { address: '::1', family: 6 }, { address: '::ffff:127.0.0.2', family: 6 }, { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 }, { address: '127.0.0.3', family: 4 }, { address: 'bogus', family: 4 },
    { address: '127.0.0.4', family: 5 }]) });
  watch(c, null, events);
  c.on('close', (hadError) => {
    events.push(['close', hadError]);
    t.log('all fail', events);
    next();
  });
}

function attemptTimeout(next) {
  // 127.0.0.1:P never answers (full accept queue); ::1:P accepts.
  const helper = spawn('python3', ['_pending_listener.py'], { stdio: ['pipe', 'pipe', 'inherit'] });
  helper.stdout.once('data', (line) => {
    const port = Number(String(line).trim());
    const server = net.createServer((s) => s.end());
    server.listen({ port, host: '::1', ipv6Only: true }, () => {
      const events = [];
      const c = net.connect({ port, host: 'slow.test', autoSelectFamilyAttemptTimeout: 50,
        lookup: lookupOf([{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]) });
      watch(c, port, events);
      c.resume();
      c.on('close', (hadError) => {
        events.push(['close', hadError]);
        t.log('attempt timeout', events);
        helper.stdin.end();
        server.close(next);
      });
    });
  });
}

function single(next) {
  // One usable address: a plain connect (no attempted addresses list).
  const events = [];
  const c = net.connect({ port: 1, host: 'one.test', lookup: lookupOf([{ address: '127.0.0.1', family: 4 }, { address: '127.0.0.1', family: 4 }]) });
  watch(c, null, events);
  c.on('close', (hadError) => {
    events.push(['close', hadError]);
    t.log('single', events);
    next();
  });
}

function off(next) {
  // autoSelectFamily: false asks for one address.
  const events = [];
  const c = net.connect({ port: 1, host: 'off.test', autoSelectFamily: false, lookup: (host, opts, cb) => {
    t.log('lookup options', opts.family, opts.hints, opts.all);
    cb(null, '127.0.0.1', 4);
  } });
  watch(c, null, events);
  c.on('close', (hadError) => {
    events.push(['close', hadError]);
    t.log('off', events);
    next();
  });
}

dualStack(() => allFail(() => attemptTimeout(() => single(() => off(() => t.dump())))));
