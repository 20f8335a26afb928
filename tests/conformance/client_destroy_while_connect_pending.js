'use strict';
// destroy() of a socket whose connect is still pending (the peer's accept
// queue is full, its SYN unanswered) closes at once: 'close'(false), the
// write and end callbacks get ERR_SOCKET_CLOSED_BEFORE_CONNECTION; with an
// error: 'error' first, then the callbacks, then 'close'(true).
const net = require('net');
const { spawn } = require('child_process');
const { Trace, errInfo } = require('./_trace');

const t = new Trace();
const helper = spawn('python3', ['_pending_listener.py'], { stdio: ['pipe', 'pipe', 'inherit'] });
helper.stdout.once('data', (line) => {
  const port = Number(String(line).trim());
  const c = net.connect(port, '127.0.0.1');
  c.write('abc', (e) => t.log('write cb', errInfo(e)));
  c.end((e) => t.log('end cb', errInfo(e)));
  c.on('connect', () => t.log('connect'));
  c.on('error', (e) => t.log('error', errInfo(e)));
  c.on('connectionAttempt', (ip, p, family) => {
    t.log('connectionAttempt', ip, p === port, family);
    setImmediate(() => {
      t.log('before destroy', c.readyState, c.pending, c.connecting, c.destroyed);
      c.destroy();
      t.log('after destroy', c.readyState, c.pending, c.connecting, c.destroyed);
    });
  });
  c.on('close', (hadError) => {
    t.log('close', hadError, c.destroyed);
    const d = net.connect(port, '127.0.0.1');
    d.write('x', (e) => t.log('d write cb', errInfo(e)));
    d.on('error', (e) => t.log('d error', e.message));
    d.on('connectionAttempt', () => setImmediate(() => d.destroy(new Error('boom'))));
    d.on('close', (hadError) => {
      t.log('d close', hadError);
      helper.stdin.end();
      t.dump();
    });
  });
});
