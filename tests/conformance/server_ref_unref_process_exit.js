'use strict';
// ref()/unref() decide whether a listening server keeps the process alive (child processes; "running" = still alive after 2.5 s, then killed).
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
const results = {};
Promise.all(Object.entries(cases).map(([name, code]) => new Promise((resolve) => {
  const child = spawn(process.execPath, ['-e', prelude + code]);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 2500);
  child.on('close', (code) => {
    clearTimeout(timer);
    results[name] = [code === null ? 'running' : `exited ${code}`, out.trim().split('\n')];
    resolve();
  });
}))).then(() => {
  for (const name of Object.keys(cases)) t.log(name, ...results[name]);
  t.dump();
});
