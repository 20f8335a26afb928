"""A legacy line-protocol server: a socketserver handler, served by gnet.

``LineHandler`` below is ordinary stdlib code, written for
``socketserver.ThreadingTCPServer`` (one thread per connection, blocking
reads on ``self.rfile``, writes on ``self.wfile``). gnet serves the very
same class, unchanged, one greenlet per connection::

    server = gnet.create_server(handler_class=LineHandler)
    server.listen(port, host)
    gnet.run()

The protocol, one command per line, one reply line each:

    PING            -> PONG
    ECHO <text>     -> <text>
    UPPER <text>    -> <TEXT>
    SUM <n> <n> ... -> the sum
    STATS           -> lines handled so far on this connection
    QUIT            -> BYE, then the server closes the connection
    anything else   -> ERR unknown command

Run it::

    python examples/line_server.py [--host 127.0.0.1] [--port 8007] [--stdlib]

(``--port 0``: any free port.)

It prints ``listening on HOST:PORT`` (flushed) once it accepts connections;
``--stdlib`` serves the same handler with ``socketserver.ThreadingTCPServer``
instead, for comparison. SIGINT or SIGTERM stops it gracefully: no new
connections, open ones get up to 5 s to finish (``server.stop(5)``).
"""

import argparse
import signal
import socketserver
import sys


class LineHandler(socketserver.StreamRequestHandler):
    """A line protocol handler written for socketserver.ThreadingTCPServer."""

    #: socketserver's own knob: seconds a blocking read may wait.
    timeout = 30

    def setup(self):
        super().setup()
        self.lines = 0

    def handle(self):
        for raw in self.rfile:
            line = raw.decode('utf-8', 'replace').rstrip('\r\n')
            self.lines += 1
            command, _, arg = line.partition(' ')
            command = command.upper()
            if command == 'QUIT':
                self.reply('BYE')
                return
            self.reply(self.answer(command, arg))

    def answer(self, command, arg):
        if command == 'PING':
            return 'PONG'
        if command == 'ECHO':
            return arg
        if command == 'UPPER':
            return arg.upper()
        if command == 'SUM':
            try:
                return str(sum(int(word) for word in arg.split()))
            except ValueError:
                return 'ERR not a number'
        if command == 'STATS':
            return 'lines=%d' % self.lines
        return 'ERR unknown command'

    def reply(self, text):
        self.wfile.write(text.encode('utf-8') + b'\n')
        self.wfile.flush()


def serve_gnet(host, port):
    import gevent
    import gnet

    server = gnet.create_server(handler_class=LineHandler)

    def on_listening():
        address = server.address()
        print('listening on %s:%d' % (address['address'], address['port']), flush=True)

    def on_error(err):
        print('error: %s' % (err,), file=sys.stderr, flush=True)
        sys.exit(1)

    server.on('error', on_error)
    server.listen(port, host, on_listening)
    for signum in (signal.SIGINT, signal.SIGTERM):
        gevent.signal_handler(signum, server.stop, 5)
    server.serve_forever()
    print('stopped', flush=True)


def serve_stdlib(host, port):
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    with socketserver.ThreadingTCPServer((host, port), LineHandler) as server:
        def on_signal(signum, frame):
            import threading
            threading.Thread(target=server.shutdown).start()
        signal.signal(signal.SIGTERM, on_signal)
        try:  # a Ctrl-C right after the line below is caught too
            print('listening on %s:%d' % server.server_address[:2], flush=True)
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    print('stopped', flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8007, help='0: any free port')
    parser.add_argument('--stdlib', action='store_true',
                        help='serve with socketserver.ThreadingTCPServer instead')
    args = parser.parse_args(argv)
    if args.stdlib:
        serve_stdlib(args.host, args.port)
    else:
        serve_gnet(args.host, args.port)


if __name__ == '__main__':
    main()
