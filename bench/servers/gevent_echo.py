"""gevent StreamServer echo server: a greenlet per connection, recv/sendall.

usage: python gevent_echo.py HOST PORT

Raw gevent, the way a gevent deployment writes it; bench/echo_blocking.py
is the same program on gnet.
"""
import socket
import sys

from gevent.server import StreamServer


def handle(sock, address):
    # every server of bench/run.py runs without Nagle's algorithm (README)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    recv, sendall = sock.recv, sock.sendall
    try:
        while True:
            data = recv(65536)
            if not data:
                break
            sendall(data)
    except OSError:
        pass  # reset by the load generator


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    StreamServer((host, port), handle, backlog=511).serve_forever()


if __name__ == '__main__':
    main()
