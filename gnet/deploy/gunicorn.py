"""gunicorn as gnet's multi-process engine: the ``GnetWorker`` worker class.

One concept lives here: serving a gnet TARGET in gunicorn worker
processes. gunicorn supplies the master, the shared listening sockets,
HUP reload, TTIN/TTOU, graceful timeouts and systemd socket activation;
each worker runs one gnet :class:`~gnet.Server` per listening socket::

    gunicorn -k gnet.gunicorn.GnetWorker TARGET -w 4 -b 127.0.0.1:8000

TARGET is what ``gnet serve`` takes (:mod:`gnet.deploy.target`), loaded
and built by the same functions, logged by the same
:func:`~gnet.deploy.logs.log_connections` and drained by the same
:func:`~gnet.deploy.drain.drain`. ``gnet serve --workers N`` runs this
in-process (:func:`run_workers`) after checking, as the single process
does, that TARGET loads and the address can be bound. Server options may
also come from the ``GNET_SERVER_OPTIONS`` environment variable (JSON,
Node's keys).

In a worker: TERM (sent by the master on shutdown, after a HUP reload,
and also when it arrives while the worker is still booting) stops
accepting, lets open connections finish for ``graceful_timeout`` seconds
and then closes the rest; INT/QUIT exit at once. Each handled connection
counts as a request for ``max_requests`` (+ ``max_requests_jitter``):
past it the worker drains and the master starts a fresh one, as with
gunicorn's gevent worker. ``worker_connections`` becomes each worker's
``maxConnections`` only when set to something other than gunicorn's
default (1000); otherwise a worker, like the single process, has no limit.
gevent's monkey patches are applied, as gunicorn's own gevent worker does.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import gevent
from gevent import hub, monkey
from gevent.event import Event
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.config import WorkerConnections
from gunicorn.workers.base import Worker

from gnet.deploy.drain import HEARTBEAT, drain
from gnet.deploy.logs import (STATS_INTERVAL, format_address, log, log_connections,
                              log_exception)
from gnet.deploy.target import load_server, load_target, unlistened

if TYPE_CHECKING:  # the core never imports gnet.deploy; read by type checkers only
    import gnet.socket

__all__ = ['GnetWorker', 'GnetApplication', 'run_workers']

#: Signals whose arrival during boot the worker must not lose (gunicorn's boot race).
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)
#: gunicorn's exit codes for a worker that failed to boot / to load the app.
_BOOT_FAILURES = (Arbiter.WORKER_BOOT_ERROR, Arbiter.APP_LOAD_ERROR)


class GnetWorker(Worker):  # type: ignore[misc]  # (gunicorn is untyped: its classes are Any)
    """A gunicorn worker serving a gnet TARGET (not WSGI)."""

    def init_process(self) -> None:
        # Until init_signals(), TERM hits the master's inherited handler,
        # which only queues it in this process's copy of the arbiter.
        self._boot_queue = _arbiter_queue()
        self._setup_logging()
        monkey.patch_all()
        hub.reinit()  # after fork (gunicorn's gevent worker does the same)
        self._exit = Event()
        super().init_process()

    def load_wsgi(self) -> None:
        """Load TARGET and build its servers; a failure is logged once and ends the boot."""
        target = getattr(self.app, 'app_uri', None)
        self.servers = []
        for _ in self.sockets:
            server, _ = load_server(target, self._options())
            if server is None or not unlistened(server, target):
                sys.exit(Arbiter.APP_LOAD_ERROR)
            self.servers.append(server)
        self.wsgi = target

    def _options(self) -> dict[str, Any]:
        options = dict(getattr(self.app, 'gnet_options', None) or {})
        env = os.environ.get('GNET_SERVER_OPTIONS')
        if env:
            options.update(json.loads(env))
        connections = self.cfg.worker_connections
        if 'maxConnections' not in options and connections != WorkerConnections.default:
            options['maxConnections'] = connections
        return options

    def _setup_logging(self) -> None:
        gnet_log = logging.getLogger('gnet')
        if not gnet_log.handlers and not logging.getLogger().handlers:
            error_log = getattr(self.log, 'error_log', None)
            if error_log is not None:
                for handler in error_log.handlers:
                    gnet_log.addHandler(handler)
                gnet_log.setLevel(error_log.level)
                gnet_log.propagate = False

    def run(self) -> None:
        for server, listener in zip(self.servers, self.sockets):
            if self.cfg.workers > 1:
                server.max_accept = 1  # spread connections across workers
            server.on('error', self._server_error)
            server.prepend_listener('connection', self._count_request)  # even if yours raises
            log_connections(server, stats_interval=getattr(self.app, 'stats_interval',
                                                           STATS_INTERVAL))
            server.listen(listener.sock, self.cfg.backlog)
        log.info('worker %d serving', os.getpid())
        while self.alive:
            self._guarded(self._heartbeat)
        timeout = getattr(self.app, 'graceful_timeout', None) or self.cfg.graceful_timeout
        drainer = gevent.spawn(drain, self.servers, timeout, self._reason,
                               tick=self.notify)
        while not drainer.dead:
            self._guarded(drainer.join)
        if self._crashed:
            sys.exit(1)

    _reason = 'SIGTERM'
    _crashed = False

    def _heartbeat(self) -> None:
        self.notify()
        self._exit.wait(HEARTBEAT)

    def _guarded(self, wait: Callable[[], object]) -> None:
        """*wait()*; a server listener's exception surfaces here (Node: uncaught): log, drain."""
        try:
            wait()
        except Exception as exc:
            log_exception('uncaught exception in a listener of the server; stopping (exit 1)',
                          exc=exc)
            self._crashed = True
            self._stop('an uncaught exception')

    def _count_request(self, sock: gnet.socket.Socket) -> None:
        """A handled connection is a request for max_requests (gunicorn's gevent worker)."""
        self.nr += 1
        if self.nr >= self.max_requests and self.alive:
            log.info('worker %d handled %d connections (max requests): restarting',
                     os.getpid(), self.nr)
            self._stop('max requests')

    def _server_error(self, err: BaseException) -> None:
        log.error('server error: %s', getattr(err, 'message', None) or err)
        self._stop('a server error')

    def _stop(self, reason: str) -> None:
        self._reason = reason
        self.alive = False
        self._exit.set()

    def notify(self) -> None:
        super().notify()
        if self.ppid != os.getppid() and self.alive:
            log.info('master went away; shutting down')
            self._stop('the master exiting')

    def init_signals(self) -> None:
        """gunicorn's handlers, re-installed as hub signal watchers, then the boot's TERM.

        A Python-level handler only runs when the main greenlet executes
        bytecode; an idle worker parked in the hub would notice TERM late
        or not at all. The hub's watchers wake the loop at once. A stop
        signal that reached this process before now is acted upon here.
        """
        super().init_signals()
        for signum, handler in ((signal.SIGTERM, self.handle_exit),
                                (signal.SIGINT, self.handle_quit),
                                (signal.SIGQUIT, self.handle_quit),
                                (signal.SIGUSR1, self.handle_usr1)):
            gevent.signal_handler(signum, handler, signum, None)
        early = _stop_signals_in(self._boot_queue)
        if early:
            log.info('worker %d got %s while booting', os.getpid(),
                     signal.Signals(early[0]).name)
            (self.handle_exit if early[0] == signal.SIGTERM else super().handle_quit)(
                early[0], None)

    def handle_exit(self, sig: int, frame: object) -> None:
        """TERM: drain (gunicorn's graceful stop)."""
        self._stop(signal.Signals(sig).name if sig else 'SIGTERM')

    def handle_quit(self, sig: int, frame: object) -> None:
        """INT/QUIT: exit at once (gunicorn's quick stop)."""
        gevent.spawn(super().handle_quit, sig, frame)

    def handle_usr1(self, sig: int, frame: object) -> None:
        """USR1: reopen the log files (gunicorn's), off the signal handler."""
        gevent.spawn(super().handle_usr1, sig, frame)


def _arbiter_queue() -> Any:
    """The signal queue of the arbiter whose handler this forked worker still has."""
    arbiter = getattr(signal.getsignal(signal.SIGTERM), '__self__', None)
    return getattr(arbiter, 'SIG_QUEUE', None)


def _stop_signals_in(queue: Any) -> list[int]:
    """The stop signals in this process's copy of the arbiter's queue (drained)."""
    if queue is None:
        return []
    if isinstance(queue, list):  # gunicorn < 25: a list
        found, queue[:] = list(queue), []
    else:
        found = []
        while not queue.empty():
            found.append(queue.get_nowait())
    return [signum for signum in found if signum in _STOP_SIGNALS]


class GnetApplication(BaseApplication):  # type: ignore[misc]  # (as above)
    """gunicorn run in-process by ``gnet serve --workers N``."""

    def __init__(self, app_uri: str | None, gnet_options: dict[str, Any], settings: dict[str, Any],
                 graceful_timeout: float | None = None, stats_interval: float = STATS_INTERVAL) -> None:
        self.app_uri = app_uri
        self.gnet_options = gnet_options
        #: ``gnet serve``'s own values (seconds, fractions kept): the workers use them.
        self.graceful_timeout = graceful_timeout
        self.stats_interval = stats_interval
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            self.cfg.set(key, value)
        if 'control_socket_disable' in self.cfg.settings:
            # gunicorn >= 24: one control socket path per user would make two
            # `gnet serve --workers` collide; gnet's interface is signals.
            self.cfg.set('control_socket_disable', True)

    def load(self) -> Any:
        return load_target(self.app_uri)


def _when_ready(arbiter: Any) -> None:
    """gunicorn's hook once the master listens: say where, as ``gnet serve`` does."""
    from gnet.deploy.systemd import Notifier
    for listener in arbiter.LISTENERS:
        name = listener.sock.getsockname()
        if isinstance(name, tuple):
            where = format_address(name[0], name[1])
        else:
            where = name.decode() if isinstance(name, bytes) else name
        print('gnet listening on %s (pid %d, %d workers)'
              % (where, os.getpid(), arbiter.num_workers), flush=True)
        # gunicorn sends READY=1 itself but hides a failure at DEBUG: say it once.
        Notifier(log)('STATUS=listening on %s' % where)


def run_workers(args: argparse.Namespace, options: dict[str, Any]) -> int:
    """``gnet serve --workers N``: the single process's checks, then gunicorn's master.

    *args* are ``gnet serve``'s parsed arguments, *options* the server
    options they give (:func:`gnet.deploy.cli.server_options`).

    TARGET is loaded once in a throwaway child (so the master holds none
    of the user's modules and a HUP reload re-imports them), and the
    address is bound here with gnet's own listen(), so a bad module and a
    busy port give the single process's messages and exit codes.
    """
    from gnet.deploy.preflight import bind, check_target
    code = check_target(args.target, options)
    if code:
        return code
    fd, probe, code = bind(args)
    if code:
        return code
    settings = {
        'bind': ['fd://%d' % fd],  # type: ignore[str-format]  # (bind() gave an fd: code is 0)
        'workers': args.workers,
        'worker_class': 'gnet.gunicorn.GnetWorker',
        # gunicorn's master waits whole seconds; the workers drain for the exact value.
        'graceful_timeout': int(math.ceil(args.graceful_timeout)),
        'max_requests': args.max_requests,
        'max_requests_jitter': args.max_requests_jitter,
        'loglevel': logging.getLevelName(args.log_level).lower(),
        'when_ready': _when_ready,
        'proc_name': 'gnet',
    }
    sys.argv[1:] = []  # gunicorn's BaseApplication must not parse gnet's arguments
    try:
        GnetApplication(args.target, options, settings, args.graceful_timeout,
                        args.stats_interval).run()
    except SystemExit as exc:
        # A worker that cannot boot (its traceback is logged) is exit 1, as in one process.
        return 1 if exc.code in _BOOT_FAILURES else exc.code  # type: ignore[return-value]  # (the master's exit status)
    finally:
        del probe  # bound the socket gunicorn served (see bind())
    return 0
