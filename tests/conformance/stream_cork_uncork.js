'use strict';
// cork() holds writes (callbacks too) until as many uncork() calls;
// writableCorked counts them, writableLength counts the held bytes; end()
// uncorks completely; setDefaultEncoding applies to str writes naming none.
const net = require('net');
const { Trace, errInfo, attempt } = require('./_trace');

const t = new Trace();
let c;
const server = net.createServer((s) => {
  s.cork();
  s.write('a', () => t.log('cb a'));
  s.write('b', () => t.log('cb b'));
  s.cork();
  t.log('corked', s.writableCorked, s.writableLength);
  s.uncork();
  t.log('uncork once', s.writableCorked, s.writableLength);
  setImmediate(() => {
    t.log('still held', s.writableLength);
    s.uncork();
    t.log('uncorked', s.writableCorked);
    s.once('drain', () => t.log('drain'));
    t.log('setDefaultEncoding', s.setDefaultEncoding('hex') === s);
    t.log('bad encoding', attempt(() => s.setDefaultEncoding('nope')));
    s.cork();
    s.write('2d63', () => t.log('cb c'));
    t.log('end', s.end(() => t.log('end cb', s.writableCorked)) === s, s.writableCorked);
  });
  s.on('finish', () => t.log('finish'));
  s.on('close', () => { server.close(); });
});
server.listen(0, '127.0.0.1', () => {
  c = net.connect(server.address().port, '127.0.0.1');
  const chunks = [];
  c.on('data', (d) => chunks.push(d.toString()));
  c.on('end', () => { t.log('client got', chunks.join('')); });
  c.on('close', () => t.dump());
});
