"""Retrying ``listen()`` after EADDRINUSE, the example from Node's documentation.

Node's original (PORT 3000 on 127.0.0.1, retry after one second)::

    const server = new net.Server();
    server.on('error', (e) => {
      if (e.code === 'EADDRINUSE') {
        console.log('Address in use, retrying...');
        setTimeout(() => {
          server.close();
          server.listen(PORT, HOST);
        }, 1000);
      }
    });

``python examples/listen_retry.py [PORT] [HOST] [DELAY_SECONDS]``; the
defaults are Node's: 3000, 127.0.0.1, 1. Start it twice and the second
one prints "Address in use, retrying..." until the first is stopped; then
it prints "listening on ..." and serves until Ctrl-C.
"""

import signal
import sys

import gevent

import gnet

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
HOST = sys.argv[2] if len(sys.argv) > 2 else '127.0.0.1'
DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0


def main():
    server = gnet.Server()

    def on_error(e):
        if e.code == 'EADDRINUSE':
            print('Address in use, retrying...', flush=True)

            def retry():
                server.close()
                server.listen(PORT, HOST)
            gevent.spawn_later(DELAY, retry)
        else:
            raise e

    server.on('error', on_error)
    server.on('listening', lambda: print('listening on', server.address(), flush=True))
    server.listen(PORT, HOST)
    gevent.signal_handler(signal.SIGINT, server.stop, 1)  # Ctrl-C: stop, exit 0
    gnet.run()


if __name__ == '__main__':
    main()
