"""The ``gnet`` command: serve a connection listener in production.

One concept lives here: running a gnet server as a program — arguments,
loading ``MODULE:LISTENER``, logging, signals and exit codes. The worker
processes of ``--workers`` are gunicorn's (:mod:`gnet.deploy.gunicorn`); systemd's
environment protocols are :mod:`gnet.deploy.systemd`; the PROXY protocol is
:mod:`gnet.proxy`.

::

    gnet serve [MODULE:LISTENER] [--host H] [--port P | --path P | --fd N]
               [--workers N] [--reuse-port] [--max-connections N]
               [--graceful-timeout S] [--proxy-protocol v1|v2|any --trusted CIDR ...]
               [--log-level L] [--stats-interval S]

``MODULE:LISTENER`` names a connection listener (called with each Socket)
or a factory (called with no arguments, returning a Server); without one
the built-in echo listener (:func:`echo`) serves. Exit codes: 0 after a
graceful stop (SIGTERM/SIGINT), 1 when the server cannot listen (Node's
error text on stderr), 2 for bad arguments, 130 for a second SIGINT.
"""

import argparse
import importlib
import inspect
import ipaddress
import logging
import os
import signal
import sys

__all__ = ['main', 'echo', 'load_target', 'build_server', 'log_connections']

log = logging.getLogger('gnet')

#: Seconds between the "N connections" INFO lines (--stats-interval).
STATS_INTERVAL = 30.0
#: Seconds SIGTERM/SIGINT wait for connections to end (--graceful-timeout).
GRACEFUL_TIMEOUT = 30.0

_INSTALL_GUNICORN = ("--workers runs gunicorn, which is not installed; "
                     "install it with: pip install 'gevent-gnet[gunicorn]'")


def echo(sock):
    """The built-in listener: send every byte back (Node's ``socket.pipe(socket)``)."""
    sock.on('data', sock.write)


# --- loading the user's code -----------------------------------------------------------

def load_target(spec):
    """Import ``'module:name'`` (``'module'`` alone means ``module:listener``).

    Returns the object; None gives :func:`echo`. The current directory is
    importable, as with gunicorn. Raises ImportError / AttributeError.
    """
    if not spec:
        return echo
    module_name, _, attr = spec.partition(':')
    if os.getcwd() not in sys.path and '' not in sys.path:
        sys.path.insert(0, os.getcwd())
    obj = importlib.import_module(module_name)
    for part in (attr or 'listener').split('.'):
        obj = getattr(obj, part)
    return obj


def _is_factory(obj):
    """A factory takes no required argument; a connection listener takes the socket."""
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    return not any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                   for p in params)


def build_server(target, options=None):
    """A Server for *target*: a Server, a factory returning one, or a listener.

    *options* (server options, Node's keys, plus ``maxConnections``) are
    applied to a server made here, and merged into one a factory made.
    """
    from gnet.server import Server
    options = dict(options or {})
    max_connections = options.pop('maxConnections', None)
    if isinstance(target, Server):
        server = target
    elif callable(target) and _is_factory(target):
        server = target()
        if not isinstance(server, Server):
            raise TypeError('%r returned %r, not a gnet Server' % (target, server))
    elif callable(target):
        server = Server(options, target)
        options = {}
    else:
        raise TypeError('%r is neither a connection listener nor a Server factory' % (target,))
    if options:
        server._options.update(options)
        if options.get('proxyProtocol'):
            from gnet.proxy import validate_proxy_options
            validate_proxy_options(server._options)
    if max_connections is not None:
        server.max_connections = max_connections
    return server


# --- logging ---------------------------------------------------------------------------

def _peer(sock):
    if sock.remote_port is None:
        return sock.remote_address or 'unix peer'
    return '%s:%s' % (sock.remote_address, sock.remote_port)


def log_connections(server, logger=log, stats_interval=STATS_INTERVAL):
    """One INFO line per connection opened and closed, errors at WARNING/ERROR,
    and the live connection count every *stats_interval* seconds."""
    def on_connection(sock):
        peer = _peer(sock)
        via = ' via %s' % sock.proxy_address if sock.proxy_address else ''
        logger.info('connection from %s%s', peer, via)

        def on_close(had_error):
            logger.info('closed %s (read %d, written %d bytes%s)', peer, sock.bytes_read,
                        sock.bytes_written, ', after an error' if had_error else '')
        sock.on('close', on_close)
        sock.on('error', lambda err: logger.warning('connection %s: %s', peer, err))
    server.prepend_listener('connection', on_connection)
    server.on('drop', lambda data=None: logger.warning(
        'dropped a connection over maxConnections%s',
        ' from %s:%s' % (data['remoteAddress'], data['remotePort']) if data else ''))
    server.on('proxyError', lambda err, info: logger.warning(
        'PROXY protocol: refused %s: %s', '%s:%s' % (info['remoteAddress'], info['remotePort'])
        if info else 'a connection', err))
    if stats_interval and stats_interval > 0:
        from gevent import get_hub
        timer = get_hub().loop.timer(stats_interval, stats_interval)
        timer.ref = False
        timer.start(lambda: logger.info('%d connections', len(server._connections)))
        server.once('close', timer.stop)
    return server


def _describe(server):
    address = server.address()
    if isinstance(address, dict):
        host = address['address']
        return '%s:%d' % ('[%s]' % host if ':' in host else host, address['port'])
    return repr(address) if address and address.startswith('\0') else str(address)


# --- arguments -------------------------------------------------------------------------

def _port(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('invalid port %r' % text) from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError('port %d is not in 0..65535' % value)
    return value


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('invalid number %r' % text) from None
    if value < 0:
        raise argparse.ArgumentTypeError('%d is negative' % value)
    return value


def _seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError('invalid number of seconds %r' % text) from None
    if value < 0:
        raise argparse.ArgumentTypeError('%s is negative' % text)
    return value


def _cidr(text):
    if text == 'unix':
        return text
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise argparse.ArgumentTypeError('%r is not an address or CIDR' % text) from None
    return text


def _log_level(text):
    level = logging.getLevelName(text.upper())
    if not isinstance(level, int):
        raise argparse.ArgumentTypeError('unknown log level %r' % text)
    return level


def make_parser():
    parser = argparse.ArgumentParser(
        prog='gnet', description="gnet: Node's net module on gevent.")
    commands = parser.add_subparsers(dest='command', metavar='COMMAND')
    commands.required = True
    serve = commands.add_parser(
        'serve', help='serve a connection listener (the built-in echo by default)',
        description='Serve MODULE:LISTENER (a connection listener, or a factory returning '
                    'a gnet Server); without it, an echo server.')
    serve.add_argument('target', nargs='?', metavar='MODULE:LISTENER')
    serve.add_argument('--host', default=None,
                       help='address to bind (default 127.0.0.1; :: or 0.0.0.0 for all)')
    where = serve.add_mutually_exclusive_group()
    where.add_argument('--port', type=_port, default=None, help='TCP port (default 3000; 0: any)')
    where.add_argument('--path', default=None, help='Unix socket path')
    where.add_argument('--fd', type=_positive_int, default=None,
                       help='adopt a listening socket fd (systemd: 3)')
    serve.add_argument('--workers', type=_positive_int, default=None,
                       help='run N worker processes under gunicorn')
    serve.add_argument('--reuse-port', action='store_true',
                       help='set SO_REUSEPORT, so independent processes share the port')
    serve.add_argument('--max-connections', type=_positive_int, default=None)
    serve.add_argument('--graceful-timeout', type=_seconds, default=GRACEFUL_TIMEOUT,
                       help='seconds SIGTERM/SIGINT wait for connections (default 30)')
    serve.add_argument('--proxy-protocol', choices=('v1', 'v2', 'any'), default=None,
                       help='expect a PROXY protocol header from --trusted proxies')
    serve.add_argument('--trusted', type=_cidr, nargs='+', action='extend', default=None,
                       metavar='CIDR', help="proxies allowed to send the header ('unix' too)")
    serve.add_argument('--proxy-header-timeout', type=_seconds, default=None,
                       help='seconds to wait for the PROXY header (default 3)')
    serve.add_argument('--log-level', type=_log_level, default=logging.INFO,
                       help='DEBUG, INFO (default), WARNING, ERROR')
    serve.add_argument('--stats-interval', type=_seconds, default=STATS_INTERVAL,
                       help='seconds between connection-count lines (0: never)')
    return parser


def _parse(argv):
    parser = make_parser()
    args = parser.parse_args(argv)
    serve = parser._subparsers._group_actions[0].choices['serve']
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
    if (args.path is not None or args.fd is not None) and args.host is not None:
        serve.error('--host goes with --port, not with --path or --fd')
    return args


def server_options(args):
    """The server options the command line asks for (Node's keys)."""
    options = {}
    if args.proxy_protocol:
        options['proxyProtocol'] = args.proxy_protocol
        options['trustedProxies'] = list(args.trusted)
        if args.proxy_header_timeout is not None:
            options['proxyHeaderTimeout'] = args.proxy_header_timeout * 1000
    if args.max_connections is not None:
        options['maxConnections'] = args.max_connections
    return options


# --- running -----------------------------------------------------------------------------

def main(argv=None):
    """Entry point of the ``gnet`` console script and ``python -m gnet``."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format='%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s')
    if args.workers is not None:
        from gnet.deploy.gunicorn import run_workers
        return run_workers(args, server_options(args))
    return serve(args)


def serve(args):
    """One process: listen, log, and stop gracefully on SIGTERM/SIGINT."""
    import gevent
    from gevent.event import Event
    from gnet.deploy.systemd import listen_fds, sd_notify

    try:
        target = load_target(args.target)
        server = build_server(target, server_options(args))
    except Exception as exc:  # the user's module: say what failed, like gunicorn
        log.error('cannot load %s: %s: %s', args.target, type(exc).__name__, exc)
        return 1
    log_connections(server, stats_interval=args.stats_interval)
    done = Event()
    outcome = {'code': 0}

    def on_error(err):
        print('Error: %s' % (getattr(err, 'message', None) or err), file=sys.stderr, flush=True)
        outcome['code'] = 1
        done.set()

    def on_listening():
        print('gnet listening on %s (pid %d)' % (_describe(server), os.getpid()), flush=True)
        log.info('listening on %s', _describe(server))
        sd_notify('READY=1\nSTATUS=listening on %s' % _describe(server))

    server.on('error', on_error)
    server.on('listening', on_listening)

    stopping = {'started': False, 'interrupts': 0}

    def shutdown():
        sd_notify('STOPPING=1')
        log.info('stopping: waiting up to %gs for %d connections', args.graceful_timeout,
                 len(server._connections))
        server.stop(args.graceful_timeout)
        log.info('stopped')
        done.set()

    def on_signal(signum):
        if signum == signal.SIGINT:
            stopping['interrupts'] += 1
            if stopping['interrupts'] > 1:
                log.warning('second interrupt: exiting now')
                logging.shutdown()
                os._exit(130)
        if not stopping['started']:
            stopping['started'] = True
            gevent.spawn(shutdown)

    gevent.signal_handler(signal.SIGTERM, on_signal, signal.SIGTERM)
    gevent.signal_handler(signal.SIGINT, on_signal, signal.SIGINT)

    listen = {}
    if args.fd is not None:
        listen_fds()  # consume systemd's variables (children must not see them)
        listen['fd'] = args.fd
    elif args.path is not None:
        listen['path'] = args.path
    else:
        listen['port'] = 3000 if args.port is None else args.port
        listen['host'] = args.host or '127.0.0.1'
        if args.reuse_port:
            listen['reusePort'] = True
    try:
        server.listen(listen)
    except Exception as exc:  # bad arguments raise at once (Node's TypeErrors)
        print('Error: %s' % exc, file=sys.stderr, flush=True)
        return 1
    done.wait()
    return outcome['code']
