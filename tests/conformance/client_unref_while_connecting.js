'use strict';
// unref() of a socket whose connect is pending: the connect request itself
// still keeps the loop alive (libuv's active request), so an unref'd timer
// fires; the socket is still connecting then.
const net = require('net');
const { spawn } = require('child_process');
const { Trace } = require('./_trace');

const t = new Trace();
const helper = spawn('python3', ['_pending_listener.py'], { stdio: ['pipe', 'pipe', 'inherit'] });
helper.stdout.once('data', (line) => {
  const port = Number(String(line).trim());
  const c = net.connect(port, '127.0.0.1');
  t.log('unref returns the socket', c.unref() === c);
  c.on('connectionAttempt', (ip) => t.log('attempt', ip));
  c.on('close', (hadError) => t.log('close', hadError));
  helper.unref();
  helper.stdin.unref();
  helper.stdout.unref();
  setTimeout(() => {
    t.log('unref timer fired', c.connecting, c.destroyed, c.readyState);
    c.destroy();
    helper.stdin.end();
    t.dump();
  }, 1000).unref();
});
