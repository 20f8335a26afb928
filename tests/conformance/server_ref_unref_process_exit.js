'use strict';
// ref()/unref() decide whether a listening server keeps the process alive (child processes; "running" = still alive 1.5 s after set-up, then killed).
const { spawn } = require('child_process');
const { Trace } = require('./_trace');
const t = new Trace();
const prelude = "const net = require('net'); const s = net.createServer();";
const cases = {
  'ref (default)': "s.listen(0, '127.0.0.1', () => console.log('listening'));",
  'unref after listen': "s.listen(0, '127.0.0.1', () => console.log('listening')); s.unref();",
  'unref before listen': "console.log(s.unref() === s); s.listen(0, '127.0.0.1', () => console.log('listening'));",
  'unref then ref': "s.listen(0, '127.0.0.1'); s.unref(); console.log(s.ref() === s);",
  'unref in listening': "s.listen(0, '127.0.0.1', () => { s.unref(); console.log('listening'); });",
  'unref, open connection': "s.unref(); s.on('connection', () => console.log('connection')); s.listen(0, '127.0.0.1', () => { const c = net.connect(s.address().port, '127.0.0.1'); c.unref(); });",
  'unref, connection ends': "s.unref(); s.on('connection', (x) => { console.log('connection'); x.end(); }); s.listen(0, '127.0.0.1', () => { const c = net.connect(s.address().port, '127.0.0.1'); c.on('end', () => c.end()); });",
};
// Each child prints "ready" once set up; one that should stay is watched for 1.5 s after all are
// ready, one that should exit gets up to 20 s (the machine may be busy).
const expectRunning = new Set(['ref (default)', 'unref then ref', 'unref, open connection']);
const results = {};
const children = Object.entries(cases).map(([name, code]) => {
  const child = spawn(process.execPath, ['-e', `${prelude}${code}; console.log('ready');`]);
  const entry = { name, child, out: '', exited: null };
  entry.ready = new Promise((resolve) => child.stdout.on('data', (d) => {
    entry.out += d;
    if (entry.out.includes('ready\n')) resolve();
  }));
  entry.closed = new Promise((resolve) => child.on('close', (status) => { entry.exited = status; resolve(); }));
  return entry;
});
Promise.all(children.map((c) => c.ready)).then(() => Promise.all(children.map((c) => new Promise((resolve) => {
  const timer = setTimeout(() => { c.child.kill('SIGKILL'); }, expectRunning.has(c.name) ? 1500 : 20000);
  c.closed.then(() => {
    clearTimeout(timer);
    const lines = c.out.trim().split('\n').filter((l) => l !== 'ready');
    results[c.name] = [c.exited === null ? 'running' : `exited ${c.exited}`, lines];
    resolve();
  });
})))).then(() => {
  for (const name of Object.keys(cases)) t.log(name, ...results[name]);
  t.dump();
});
