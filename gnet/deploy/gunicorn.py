"""gunicorn as gnet's multi-process engine: the ``GnetWorker`` worker class.

One concept lives here: serving a gnet connection listener in gunicorn
worker processes. gunicorn supplies the master, the shared listening
sockets, HUP reload, TTIN/TTOU, graceful timeouts and systemd socket
activation; each worker runs one gnet :class:`~gnet.Server` per listening
socket::

    gunicorn -k gnet.gunicorn.GnetWorker MODULE:LISTENER -w 4 -b 127.0.0.1:8000

``MODULE:LISTENER`` is what ``gnet serve`` takes: a connection listener
or a factory returning a Server. ``gnet serve --workers N`` runs the same
thing in-process (:func:`run_workers`). Server options may also come from
the ``GNET_SERVER_OPTIONS`` environment variable (JSON, Node's keys).

In a worker: TERM (sent by the master on shutdown and after a HUP reload)
stops accepting, lets open connections finish for ``graceful_timeout``
seconds and then destroys the rest; INT/QUIT exit at once;
``worker_connections`` is each worker's ``maxConnections``. gevent's
monkey patches are applied, as gunicorn's own gevent worker does, so
blocking libraries cooperate.
"""

import json
import math
import logging
import os
import sys

import gevent
from gevent import hub, monkey
from gevent.event import Event
from gunicorn.app.base import BaseApplication
from gunicorn.workers.base import Worker

from gnet.deploy.cli import build_server, load_target, log_connections

__all__ = ['GnetWorker', 'GnetApplication', 'run_workers']

log = logging.getLogger('gnet')


class GnetWorker(Worker):
    """A gunicorn worker serving a gnet connection listener (not WSGI)."""

    #: Seconds between heartbeats to the master (it kills a worker silent for cfg.timeout).
    heartbeat = 1.0

    def init_process(self):
        monkey.patch_all()
        hub.reinit()  # after fork (gunicorn's gevent worker does the same)
        self._exit = Event()
        super().init_process()

    def load_wsgi(self):
        """Load the gnet target instead of a WSGI app (a listener, factory or Server)."""
        self.wsgi = load_target(getattr(self.app, 'app_uri', None))

    def _options(self):
        options = dict(getattr(self.app, 'gnet_options', None) or {})
        env = os.environ.get('GNET_SERVER_OPTIONS')
        if env:
            options.update(json.loads(env))
        if 'maxConnections' not in options and self.cfg.worker_connections:
            options['maxConnections'] = self.cfg.worker_connections
        return options

    def _setup_logging(self):
        gnet_log = logging.getLogger('gnet')
        if not gnet_log.handlers and not logging.getLogger().handlers:
            error_log = getattr(self.log, 'error_log', None)
            if error_log is not None:
                for handler in error_log.handlers:
                    gnet_log.addHandler(handler)
                gnet_log.setLevel(error_log.level)
                gnet_log.propagate = False

    def run(self):
        self._setup_logging()
        options = self._options()
        servers = []
        for listener in self.sockets:
            server = build_server(self.wsgi, options)
            if self.cfg.workers > 1:
                server.max_accept = 1  # spread connections across workers
            server.on('error', self._server_error)
            log_connections(server)
            server.listen(listener.sock, self.cfg.backlog)
            servers.append(server)
        # A TERM that arrives before init_signals() hits the master's inherited
        # handler and is lost (gunicorn's boot race): tests wait for this line.
        log.info('worker %d serving', os.getpid())
        while self.alive:
            self.notify()
            self._exit.wait(self.heartbeat)
        self._drain(servers)

    def _server_error(self, err):
        log.error('server error: %s', err)
        self.alive = False
        self._exit.set()

    def _drain(self, servers):
        """Stop accepting; wait graceful_timeout for connections; destroy the rest."""
        log.info('draining %d connections (graceful timeout %ss)',
                 sum(len(server._connections) for server in servers), self.cfg.graceful_timeout)
        for server in servers:
            server.close()
        deadline = gevent.get_hub().loop.now() + self.cfg.graceful_timeout
        for server in servers:
            while not server.wait_closed(self.heartbeat):
                self.notify()
                if gevent.get_hub().loop.now() >= deadline:
                    log.warning('graceful timeout: destroying %d connections',
                                len(server._connections))
                    server.stop(0)
                    break

    def notify(self):
        super().notify()
        if self.ppid != os.getppid():
            log.info('master went away; shutting down')
            self.alive = False
            self._exit.set()

    def init_signals(self):
        """gunicorn's handlers, re-installed as hub signal watchers.

        A Python-level handler only runs when the main greenlet executes
        bytecode; an idle worker parked in the hub would notice TERM late
        or not at all. The hub's watchers wake the loop at once.
        """
        super().init_signals()
        import signal
        for signum, handler in ((signal.SIGTERM, self.handle_exit),
                                (signal.SIGINT, self.handle_quit),
                                (signal.SIGQUIT, self.handle_quit),
                                (signal.SIGUSR1, self.handle_usr1)):
            gevent.signal_handler(signum, handler, signum, None)

    def handle_exit(self, sig, frame):
        """TERM: drain (gunicorn's graceful stop)."""
        self.alive = False
        self._exit.set()

    def handle_quit(self, sig, frame):
        """INT/QUIT: exit at once (gunicorn's quick stop)."""
        gevent.spawn(super().handle_quit, sig, frame)

    def handle_usr1(self, sig, frame):
        gevent.spawn(super().handle_usr1, sig, frame)


class GnetApplication(BaseApplication):
    """gunicorn run in-process by ``gnet serve --workers N``."""

    def __init__(self, app_uri, gnet_options, settings):
        self.app_uri = app_uri
        self.gnet_options = gnet_options
        self.settings = settings
        super().__init__()

    def load_config(self):
        for key, value in self.settings.items():
            self.cfg.set(key, value)
        if 'control_socket_disable' in self.cfg.settings:
            # gunicorn >= 24: one control socket path per user would make two
            # `gnet serve --workers` collide; gnet's interface is signals.
            self.cfg.set('control_socket_disable', True)

    def load(self):
        return load_target(self.app_uri)


def _when_ready(arbiter):
    for listener in arbiter.LISTENERS:
        name = listener.sock.getsockname()
        if isinstance(name, tuple):
            where = '%s:%d' % ('[%s]' % name[0] if ':' in name[0] else name[0], name[1])
        else:
            where = name.decode() if isinstance(name, bytes) else name
        print('gnet listening on %s (pid %d, %d workers)'
              % (where, os.getpid(), arbiter.num_workers), flush=True)


def run_workers(args, options):
    """``gnet serve --workers N``: gunicorn's master with N GnetWorkers."""
    if args.fd is not None:
        bind = 'fd://%d' % args.fd
    elif args.path is not None:
        bind = 'unix:%s' % args.path
    else:
        host = args.host or '127.0.0.1'
        bind = '%s:%d' % ('[%s]' % host if ':' in host else host,
                          3000 if args.port is None else args.port)
    settings = {
        'bind': [bind],
        'workers': args.workers,
        'worker_class': 'gnet.gunicorn.GnetWorker',
        'graceful_timeout': int(math.ceil(args.graceful_timeout)),  # gunicorn: whole seconds
        'reuse_port': bool(args.reuse_port),
        'loglevel': logging.getLevelName(args.log_level).lower(),
        'when_ready': _when_ready,
        'proc_name': 'gnet',
    }
    sys.argv[1:] = []  # gunicorn's BaseApplication must not parse gnet's arguments
    GnetApplication(args.target, options, settings).run()
    return 0
