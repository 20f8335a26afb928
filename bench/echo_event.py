"""gnet echo server, Node's event style: ``on('data', write)``.

usage: python bench/echo_event.py HOST PORT

The gnet counterpart of ``bench/servers/node_echo.js``
(the ``node`` server of bench/run.py): every 'data' chunk is written back; when
write() returns False (highWaterMark reached) the socket is paused until
'drain', exactly as the Node server does.  This process *is* the server
(run.py samples and kills its PID); it prints nothing per message.
"""
import sys

import gnet


def _ignore(err):
    """Resets from the load generator are expected (node_echo.js does the same)."""


def on_connection(sock):
    sock.on('error', _ignore)

    def on_data(data):
        if not sock.write(data):
            sock.pause()
            sock.once('drain', sock.resume)

    sock.on('data', on_data)


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    # noDelay: every server of bench/run.py runs without Nagle's algorithm, as
    # asyncio and uvloop set TCP_NODELAY on every TCP transport (README).
    gnet.create_server({'noDelay': True}, on_connection).listen(port, host, 511)
    gnet.run()


if __name__ == '__main__':
    main()
