"""gnet echo server, blocking style: ``recv``/``sendall`` in the connection listener.

usage: python bench/echo_blocking.py HOST PORT

The gnet counterpart of ``bench/servers/gevent_echo.py`` (the
``gevent`` server of bench/run.py): the connection listener runs in the connection's own
greenlet and simply loops over recv()/sendall() until EOF.  When it
returns, gnet emits 'end' and closes the socket (no allowHalfOpen).  This
process *is* the server; it prints nothing per message.
"""
import sys

import gnet

BUF = 65536


def _ignore(err):
    """Resets from the load generator are expected."""


def on_connection(sock):
    sock.on('error', _ignore)
    recv, sendall = sock.recv, sock.sendall
    try:
        while True:
            data = recv(BUF)
            if not data:
                break
            sendall(data)
    except OSError:
        pass  # reset by the peer: 'error'/'close' follow


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    # noDelay: every server of bench/run.py runs without Nagle's algorithm (README).
    gnet.create_server({'noDelay': True}, on_connection).listen(port, host, 511)
    gnet.run()


if __name__ == '__main__':
    main()
