'use strict';
// destroy(), destroy(err), end(), destroySoon() and resetAndDestroy() at
// each stage of a connect: right after connect() (IP host), during a
// lookup (the lookup answers just after), and during a pending connect (the
// peer's accept queue is full: there the socket is destroyed a turn later,
// as nothing else happens). Every case ends with 'close'.
const net = require('net');
const { spawn } = require('child_process');
const { Trace } = require('./_trace');

const t = new Trace();
const helper = spawn('python3', ['_pending_listener.py'], { stdio: ['pipe', 'pipe', 'inherit'] });
const server = net.createServer((s) => { s.on('error', () => {}); s.resume(); });
const actions = {
  destroy: (c) => c.destroy(),
  'destroy(err)': (c) => c.destroy(new Error('boom')),
  end: (c) => c.end(),
  destroySoon: (c) => c.destroySoon(),
  resetAndDestroy: (c) => c.resetAndDestroy(),
};
const cases = [];
for (const stage of ['sync', 'lookup', 'connect']) {
  for (const action of Object.keys(actions)) cases.push([stage, action]);
}

function runCase(index, ports) {
  if (index === cases.length) {
    helper.stdin.end();
    server.close();
    t.dump();
    return;
  }
  const [stage, action] = cases[index];
  const events = [];
  let answer = null;
  const options = { port: stage === 'connect' ? ports.pending : ports.open, host: '127.0.0.1' };
  if (stage === 'lookup') {
    options.host = 'name.test';
    options.family = 4;
    options.lookup = (host, opts, cb) => { answer = cb; };
  }
  const c = net.connect(options);
  const state = () => [c.readyState, c.connecting, c.destroyed, c.pending];
  for (const name of ['lookup', 'connectionAttempt', 'connect', 'ready', 'end', 'finish']) {
    c.on(name, () => events.push(name));
  }
  c.on('error', (e) => events.push(['error', e.code || e.message]));
  c.on('close', (hadError) => {
    events.push(['close', hadError]);
    t.log(stage, action, events);
    runCase(index + 1, ports);
  });
  const act = () => {
    actions[action](c);
    events.push(['after ' + action].concat(state()));
    if (answer) answer(null, '127.0.0.1', 4);
    if (stage === 'connect') {
      setImmediate(() => {
        events.push(['later'].concat(state()));
        c.destroy();
      });
    }
  };
  if (stage === 'connect') {
    c.once('connectionAttempt', () => setImmediate(act));
  } else {
    act();
  }
}

helper.stdout.once('data', (line) => {
  const pending = Number(String(line).trim());
  server.listen(0, '127.0.0.1', () => runCase(0, { pending, open: server.address().port }));
});
