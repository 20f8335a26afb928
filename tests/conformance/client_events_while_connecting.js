'use strict';
// While a connect is pending (full accept queue): 'timeout' from the
// timeout option and from setTimeout() fires (the socket stays
// connecting); an abort of the signal option destroys it with an
// AbortError. A socket paused before it connects delivers nothing until
// resume(), then its data and 'end'.
const net = require('net');
const { spawn } = require('child_process');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const helper = spawn('python3', ['_pending_listener.py'], { stdio: ['pipe', 'pipe', 'inherit'] });
const abortInfo = (e) => [e.name, e.code, e.message, e.cause];

function timeoutOption(port, next) {
  const c = net.connect({ port, host: '127.0.0.1', timeout: 30 });
  c.on('timeout', () => {
    t.log('timeout option', c.readyState, c.connecting, c.timeout);
    c.destroy();
  });
  c.on('close', (hadError) => { t.log('close', hadError); next(); });
}

function setTimeoutWhileConnecting(port, next) {
  const c = net.connect(port, '127.0.0.1');
  c.on('connectionAttempt', () => {
    c.setTimeout(30, () => {
      t.log('setTimeout', c.readyState, c.connecting);
      c.setTimeout(0);
      c.destroy(new Error('gave up'));
    });
  });
  c.on('error', (e) => t.log('error', errInfo(e)));
  c.on('close', (hadError) => { t.log('close', hadError); next(); });
}

function abortWhileConnecting(port, next) {
  const ac = new AbortController();
  const c = net.connect({ port, host: '127.0.0.1', signal: ac.signal });
  c.write('x', (e) => t.log('write cb', errInfo(e)));
  c.on('connectionAttempt', () => setImmediate(() => {
    ac.abort('stop');
    t.log('after abort', c.destroyed, c.readyState);
  }));
  c.on('error', (e) => t.log('abort error', abortInfo(e)));
  c.on('close', (hadError) => { t.log('close', hadError); next(); });
}

function abortWhenConnected(next) {
  const server = net.createServer((s) => s.resume());
  server.listen(0, '127.0.0.1', () => {
    const ac = new AbortController();
    const c = net.connect({ port: server.address().port, host: '127.0.0.1', signal: ac.signal }, () => {
      ac.abort();
      t.log('aborted when connected', c.destroyed);
    });
    c.on('error', (e) => t.log('abort error', e.name, e.code, e.message));
    c.on('close', (hadError) => { t.log('close', hadError); server.close(next); });
  });
}

function pausedBeforeConnect(next) {
  const server = net.createServer((s) => {
    s.on('finish', () => setImmediate(() => {
      t.log('server side finished', c.isPaused(), c.readableFlowing);
      c.resume();
    }));
    s.end('hello');
  });
  let c;
  server.listen(0, '127.0.0.1', () => {
    c = net.connect(server.address().port, '127.0.0.1');
    c.pause();
    c.on('data', (d) => t.log('data', d.toString()));
    c.on('end', () => t.log('end'));
    c.on('connect', () => t.log('connect', c.isPaused()));
    c.on('close', (hadError) => { t.log('close', hadError); server.close(next); });
  });
}

helper.stdout.once('data', (line) => {
  const port = Number(String(line).trim());
  timeoutOption(port, () => setTimeoutWhileConnecting(port, () => abortWhileConnecting(port,
    () => abortWhenConnected(() => pausedBeforeConnect(() => {
      helper.stdin.end();
      t.dump();
    })))));
});
