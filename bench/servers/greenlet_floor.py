"""The greenlet-per-connection design's floor: the least such an echo server can do.

usage: python bench/servers/greenlet_floor.py HOST PORT

gevent's StreamServer gives each connection a greenlet; the handler uses
the raw non-blocking socket: ``recv(65536)``, ``send()`` (64-byte echoes
always fit), and after a short read parks on its own io watcher with
``hub.switch()`` (libuv's rule: no ``recv()`` into EAGAIN). No Node
semantics, no write queue, no error handling: a measuring stick for
``bench/profile.py`` (bench/ANALYSIS.md), not a server to deploy.
"""
import socket
import sys

from gevent import get_hub
from gevent.server import StreamServer
from greenlet import getcurrent

RECV_SIZE = 65536


def handle(sock, address):
    raw = getattr(sock, '_sock', sock)
    raw.setblocking(False)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as run.py's servers
    hub = get_hub()
    watcher = hub.loop.io(raw.fileno(), 1)
    switch = getcurrent().switch
    recv, send = raw.recv, raw.send
    while True:
        try:
            data = recv(RECV_SIZE)
        except BlockingIOError:
            data = None
        if data is not None:
            if not data:
                return
            send(data)
            if len(data) == RECV_SIZE:
                continue
        watcher.start(switch)
        try:
            hub.switch()
        finally:
            watcher.stop()


def main():
    StreamServer((sys.argv[1], int(sys.argv[2])), handle, backlog=511).serve_forever()


if __name__ == '__main__':
    main()
