"""The ``gnet`` command: serve a connection listener in production.

One concept lives here: ``gnet serve`` as a program — its arguments, and
the single process: load, listen, log, drain on SIGTERM/SIGINT, exit
codes. What TARGET may name is :mod:`gnet.deploy.target`; the log lines
are :mod:`gnet.deploy.logs`; ``--workers N`` runs the same steps in
gunicorn worker processes (:mod:`gnet.deploy.gunicorn`); systemd's
protocols are :mod:`gnet.deploy.systemd`; the PROXY protocol :mod:`gnet.proxy`.

Exit codes (single process and ``--workers`` alike): 0 after a stop on
SIGTERM/SIGINT; 1 when TARGET cannot be loaded (its traceback is logged)
or the server cannot listen (Node's error text on stderr); 2 for bad
arguments; 130 for a second SIGINT.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the core never imports gnet.deploy; read by type checkers only
    import gnet.server

from gnet.deploy.drain import drain
from gnet.deploy.listen import DEFAULT_HOST, DEFAULT_PORT, listen_request, print_error
from gnet.deploy.logs import (STATS_INTERVAL, describe_server, log, log_connections,
                              log_exception, plural)
from gnet.deploy.target import TARGET_HELP, load_server

__all__ = ['main', 'make_parser', 'serve', 'server_options', 'GRACEFUL_TIMEOUT']

#: Seconds SIGTERM/SIGINT wait for connections to end (--graceful-timeout).
GRACEFUL_TIMEOUT = 30.0

_INSTALL_GUNICORN = ("--workers runs gunicorn, which is not installed; "
                     "install it with: pip install 'gevent-gnet[gunicorn]'")

_EPILOG = '''\
TARGET forms:
  mymod:listener      def listener(sock): ...            (called with each gnet Socket)
  mymod               the same: MODULE means MODULE:listener
  mymod:make_server   def make_server(): return gnet.create_server(...)   (a factory)
  mymod:server        a gnet Server object
  mymod:handle        def handle(socket, address): ...   (a gevent StreamServer handler)
  mymod:Handler       class Handler(socketserver.BaseRequestHandler)
  path/to/app.py[:NAME]  a file instead of a module (NAME defaults to listener)

signals: SIGTERM/SIGINT stop accepting and wait --graceful-timeout for connections, then
close the rest; a second SIGTERM closes them at once, a second SIGINT exits (130).
exit codes: 0 stopped, 1 cannot load TARGET or cannot listen, 2 bad arguments.

'''


def _version() -> str:
    try:
        from importlib.metadata import version
        return version('gevent-gnet')
    except Exception:  # not installed as a distribution (a source tree on sys.path)
        return 'unknown'


# --- arguments -------------------------------------------------------------------------

def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('invalid port %r' % text) from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError('port %d is not in 0..65535' % value)
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('invalid number %r' % text) from None
    if value < 0:
        raise argparse.ArgumentTypeError('%d is negative' % value)
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError('invalid number of seconds %r' % text) from None
    if value < 0:
        raise argparse.ArgumentTypeError('%s is negative' % text)
    return value


def _is_cidr(text: str) -> bool:
    if text == 'unix':
        return True
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _log_level(text: str) -> int:
    level = logging.getLevelName(text.upper())
    if not isinstance(level, int):
        raise argparse.ArgumentTypeError('unknown log level %r' % text)
    return level


def make_parser() -> argparse.ArgumentParser:
    """The ``gnet`` argument parser (``gnet serve --help`` documents every flag)."""
    parser = argparse.ArgumentParser(prog='gnet', description="gnet: Node's net module on gevent.")
    parser.add_argument('--version', action='version', version='gnet %s' % _version())
    commands = parser.add_subparsers(dest='command', metavar='COMMAND')
    commands.required = True
    serve = commands.add_parser(
        'serve', help='serve a connection listener (the built-in echo by default)',
        description='Serve TARGET on a TCP port, a Unix socket or an inherited fd,\n'
                    'in one process or in --workers N gunicorn worker processes.',
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument('--version', action='version', version='gnet %s' % _version())
    serve.add_argument('target', nargs='?', metavar='TARGET', help=TARGET_HELP)
    serve.add_argument('--host', default=None,
                       help='address to bind (default %s; :: or 0.0.0.0 for all)' % DEFAULT_HOST)
    where = serve.add_mutually_exclusive_group()
    where.add_argument('--port', type=_port, default=None,
                       help='TCP port (default %d; 0: any free port)' % DEFAULT_PORT)
    where.add_argument('--path', default=None, help='Unix socket path (removed at exit)')
    where.add_argument('--fd', type=_count, default=None,
                       help='adopt an inherited listening socket fd (systemd socket activation: 3)')
    serve.add_argument('--workers', type=_count, default=None, metavar='N',
                       help='run N worker processes under gunicorn (pip install '
                            "'gevent-gnet[gunicorn]'); they share the listening socket")
    serve.add_argument('--max-requests', type=_count, default=0, metavar='N',
                       help='with --workers: restart a worker after it handled N connections '
                            '(default 0: never)')
    serve.add_argument('--max-requests-jitter', type=_count, default=0, metavar='N',
                       help='with --workers: add 0..N at random to --max-requests per worker')
    serve.add_argument('--reuse-port', action='store_true',
                       help='set SO_REUSEPORT, so independent processes share the port')
    serve.add_argument('--max-connections', type=_count, default=None, metavar='N',
                       help='drop connections over N open ones, per process (default: no limit)')
    serve.add_argument('--graceful-timeout', type=_seconds, default=GRACEFUL_TIMEOUT,
                       metavar='S', help='seconds SIGTERM/SIGINT wait for open connections '
                                         'before closing them (default 30)')
    serve.add_argument('--proxy-protocol', choices=('v1', 'v2', 'any'), default=None,
                       help='expect a PROXY protocol header (HAProxy, AWS NLB) from --trusted '
                            'proxies; their health checks are accepted')
    serve.add_argument('--trusted', nargs='+', action='extend', default=None, metavar='CIDR',
                       help="addresses or CIDRs allowed to send the PROXY header, space or "
                            "comma separated ('unix' for Unix socket peers)")
    serve.add_argument('--proxy-header-timeout', type=_seconds, default=None, metavar='S',
                       help='seconds a trusted proxy has to send the header (default 3)')
    serve.add_argument('--log-level', type=_log_level, default=logging.INFO, metavar='LEVEL',
                       help='DEBUG, INFO (default: a line per connection), WARNING, ERROR')
    serve.add_argument('--stats-interval', type=_seconds, default=STATS_INTERVAL, metavar='S',
                       help='seconds between connection-count lines (default 30; 0: never)')
    return parser


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = make_parser()
    args = parser.parse_args(argv)
    serve = parser._subparsers._group_actions[0].choices['serve']  # type: ignore[union-attr,index]  # (make_parser made it)
    if args.trusted:
        _split_trusted(serve, args)
    if args.proxy_protocol and not args.trusted:
        serve.error('--proxy-protocol needs --trusted (the proxies allowed to send it)')
    if args.trusted and not args.proxy_protocol:
        serve.error('--trusted is only meaningful with --proxy-protocol')
    if args.workers is not None:
        if args.workers < 1:
            serve.error('--workers must be at least 1')
        try:
            import gunicorn  # noqa: F401
        except ImportError:
            serve.error(_INSTALL_GUNICORN)
    elif args.max_requests or args.max_requests_jitter:
        serve.error('--max-requests restarts worker processes: it needs --workers')
    if (args.path is not None or args.fd is not None) and args.host is not None:
        serve.error('--host goes with --port, not with --path or --fd')
    return args


def _split_trusted(serve: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--trusted A B,C TARGET``: the CIDRs, and a TARGET the list swallowed."""
    values = [part for value in args.trusted for part in value.split(',') if part]
    if values and not _is_cidr(values[-1]) and args.target is None:
        args.target = values.pop()
    for value in values:
        if not _is_cidr(value):
            serve.error('argument --trusted: %r is not an address or CIDR' % value)
    args.trusted = values


def server_options(args: argparse.Namespace) -> dict[str, Any]:
    """The server options the command line asks for (Node's keys, plus maxConnections)."""
    options: dict[str, Any] = {}
    if args.proxy_protocol:
        options['proxyProtocol'] = args.proxy_protocol
        options['trustedProxies'] = list(args.trusted)
        if args.proxy_header_timeout is not None:
            options['proxyHeaderTimeout'] = args.proxy_header_timeout * 1000
    if args.max_connections is not None:
        options['maxConnections'] = args.max_connections
    return options


def _explicit_address(args: argparse.Namespace) -> bool:
    return any(value is not None for value in (args.host, args.port, args.path, args.fd))


# --- running -----------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gnet`` console script and ``python -m gnet``."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format='%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s')
    if args.workers is not None:
        from gnet.deploy.gunicorn import run_workers
        return run_workers(args, server_options(args))
    return serve(args)


def say(text: str) -> None:
    """A line on stdout; a closed stdout (a log destination gone) never stops the server."""
    try:
        print(text, flush=True)
    except (OSError, ValueError) as exc:
        log.warning('cannot write %r to stdout (%s); serving goes on: point stdout at a file or '
                    'a reader', text, exc)


def serve(args: argparse.Namespace) -> int:
    """One process: listen, log, and stop gracefully on SIGTERM/SIGINT."""
    server, code = load_server(args.target, server_options(args))
    if server is None:
        return code  # type: ignore[return-value]  # (None, 1): never None here
    own_listen = server._state != 'idle'  # a factory that called listen() itself
    if own_listen and _explicit_address(args):
        log.error('cannot serve %s: its factory already called listen(); drop --host/--port/'
                  '--path/--fd, or let gnet serve call listen()', args.target)
        server.close()
        return 1
    return _Process(server, args).run(None if own_listen else listen_request(args))


class _Process:
    """The single process's life: 'listening', the signals, the drain, the exit code."""

    def __init__(self, server: gnet.server.Server, args: argparse.Namespace) -> None:
        from gevent.event import Event
        from gnet.deploy.systemd import Notifier
        self.server = server
        self.args = args
        self.notify = Notifier(log)
        self.done = Event()
        self.force = Event()      # a second SIGTERM: end the drain now
        self.code = 0
        self.stopping = False
        log_connections(server, stats_interval=args.stats_interval)
        server.on('error', self.on_error)
        server.on('listening', self.on_listening)

    def run(self, request: dict[str, Any] | None) -> int:
        import gevent
        from gnet.deploy.systemd import listen_fds
        gevent.signal_handler(signal.SIGTERM, self.on_signal, signal.SIGTERM)
        gevent.signal_handler(signal.SIGINT, self.on_signal, signal.SIGINT)
        if request is not None:
            if 'fd' in request:
                listen_fds()  # consume systemd's variables (children must not see them)
            try:
                self.server.listen(request)
            except Exception as exc:  # bad arguments raise at once (Node's TypeErrors)
                print_error(exc)
                return 1
        while not self.done.is_set():
            try:
                self.done.wait()
            except Exception as exc:  # a server listener raised (Node: an uncaught exception)
                self.crashed(exc)
        return self.code

    def crashed(self, exc: BaseException) -> None:
        """Node would exit 1 with the stack: log it, drain as on SIGTERM, then exit 1."""
        log_exception('uncaught exception in a listener of the server; stopping (exit 1)',
                      exc=exc)
        self.code = 1
        if not self.stopping:
            self.stopping = True
            import gevent
            gevent.spawn(self.shutdown, 'an uncaught exception')

    def on_error(self, err: BaseException) -> None:
        print_error(err)
        self.code = 1
        self.done.set()

    def on_listening(self) -> None:
        where = describe_server(self.server)
        say('gnet listening on %s (pid %d)' % (where, os.getpid()))
        log.info('listening on %s', where)
        self.notify('READY=1\nSTATUS=listening on %s' % where)

    def on_signal(self, signum: int) -> None:
        import gevent
        name = signal.Signals(signum).name
        if self.stopping:
            if signum == signal.SIGINT:
                log.warning('second SIGINT: exiting now')
                logging.shutdown()
                os._exit(130)
            log.warning('second %s: closing %s now', name,
                        plural(len(self.server._connections), 'connection'))
            self.force.set()
            return
        self.stopping = True
        gevent.spawn(self.shutdown, name)

    def shutdown(self, name: str) -> None:
        """Stop accepting, drain, close the rest; nothing here may stop the exit."""
        try:
            self.notify('STOPPING=1')
            drain([self.server], self.args.graceful_timeout, name, force=self.force)
        except Exception:  # noqa: BLE001 - a fault must not keep the process alive
            log.exception('while stopping (exiting anyway)')
        finally:
            self.done.set()
