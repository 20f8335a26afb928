"""An echo server in Node's event style: every byte a client sends comes back.

    python examples/echo.py [HOST [PORT]]     (default 127.0.0.1, port 0 = any)

Prints ``listening on HOST:PORT`` once it listens, then serves until Ctrl-C (exit 0).
"""
import signal
import sys

import gevent

import gnet


def on_connection(sock):
    # write() never blocks; pause until 'drain' so a client that does not
    # read cannot make us buffer without bound (Node's stream.pipe rule).
    def on_data(data):
        if not sock.write(data):
            sock.pause()
    sock.on('data', on_data)
    sock.on('drain', sock.resume)


def main(argv):
    host = argv[1] if len(argv) > 1 else '127.0.0.1'
    port = int(argv[2]) if len(argv) > 2 else 0
    server = gnet.create_server(on_connection)

    def on_listening():
        address = server.address()
        print('listening on %s:%s' % (address['address'], address['port']), flush=True)
    server.listen(port, host, on_listening)
    # Ctrl-C: stop accepting, give open connections 1 s, exit 0 (the handler
    # runs in its own greenlet, where stop() may block).
    gevent.signal_handler(signal.SIGINT, server.stop, 1)
    gnet.run()


if __name__ == '__main__':
    main(sys.argv)
