'use strict';
// An 'error' with no listener, or an exception in a server-level listener, ends the process with status 1 (child processes).
const { spawnSync } = require('child_process');
const { Trace } = require('./_trace');
const t = new Trace();
const prelude = "const net = require('net');";
const cases = {
  'no error listener': "const a = net.createServer(); a.listen(0, '127.0.0.1', () => { net.createServer().listen(a.address().port, '127.0.0.1'); });",
  'listening listener throws': "const s = net.createServer(); s.listen(0, '127.0.0.1', () => { throw new Error('boom in listening'); });",
  'close listener throws': "const s = net.createServer(); s.on('close', () => { throw new Error('boom in close'); }); s.close();",
};
for (const [name, code] of Object.entries(cases)) {
  const r = spawnSync(process.execPath, ['-e', prelude + code], { encoding: 'utf8', timeout: 20000 });
  t.log(name, r.status, r.stderr.includes('EADDRINUSE'), r.stderr.includes('boom'));
}
t.dump();
