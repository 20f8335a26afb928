"""The goodbye server from Node's ``net.Server`` documentation, on gnet.

Every client gets ``goodbye\\n`` and is disconnected. The server listens on
an OS-assigned port ("grab an arbitrary unused port") and prints where::

    $ python examples/goodbye.py
    opened server on {'address': '::', 'family': 'IPv6', 'port': 41234}

Try it with ``nc localhost 41234``. Ctrl-C stops it.

Node's original::

    const server = net.createServer((socket) => {
      socket.end('goodbye\\n');
    }).on('error', (err) => {
      // Handle errors here.
      throw err;
    });
    server.listen(() => {
      console.log('opened server on', server.address());
    });
"""

import signal

import gevent

import gnet


def on_error(err):
    # Handle errors here. Raising it ends gnet.run(), as Node ends the process.
    raise err


def main():
    server = gnet.create_server(lambda socket: socket.end('goodbye\n')).on('error', on_error)

    # Grab an arbitrary unused port.
    server.listen(lambda: print('opened server on', server.address(), flush=True))
    gevent.signal_handler(signal.SIGINT, server.stop, 1)  # Ctrl-C: stop, exit 0
    gnet.run()


if __name__ == '__main__':
    main()
