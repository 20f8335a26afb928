"""An echo server in blocking style: each connection is a plain loop in its
own greenlet, written as for a Python socket.

    python examples/echo_blocking.py [HOST [PORT]]   (default 127.0.0.1, port 0 = any)

Prints ``listening on HOST:PORT`` once it listens, then serves until Ctrl-C (exit 0).
"""
import signal
import sys

import gevent

import gnet


def handle(sock):
    # recv() blocks only this connection's greenlet; sendall() returns once
    # the kernel holds every byte, so a slow reader slows only its echo.
    for chunk in sock:
        sock.sendall(chunk)
    sock.end()


def main(argv):
    host = argv[1] if len(argv) > 1 else '127.0.0.1'
    port = int(argv[2]) if len(argv) > 2 else 0
    server = gnet.create_server(handle)

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
