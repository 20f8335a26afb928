// Node.js net echo server, 'data' style: every chunk is written back; when
// write() returns false the socket pauses until 'drain' (bench/echo_event.py
// is the same program in gnet).
// usage: node node_echo.js HOST PORT
'use strict';
const net = require('net');
const [host, port] = process.argv.slice(2);

// noDelay: every server of bench/run.py runs without Nagle's algorithm, as
// asyncio and uvloop set TCP_NODELAY on every TCP transport (README).
net.createServer({ noDelay: true }, (sock) => {
  sock.on('error', () => {});  // resets from the load generator are expected
  sock.on('data', (data) => {
    if (!sock.write(data)) {
      sock.pause();
      sock.once('drain', () => sock.resume());
    }
  });
}).listen({ host, port: Number(port), backlog: 511 });
