"""The graceful stop of served servers, shared by ``gnet serve`` and each gunicorn worker.

One concept lives here: stop accepting, let open connections finish for
a graceful timeout, then close the rest — gunicorn's graceful stop, and
Node's ``server.close()`` followed by destroying what is left. Both the
single process (:mod:`gnet.deploy.cli`) and :class:`~gnet.deploy.gunicorn.GnetWorker`
call :func:`drain`, so they log the same lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import gevent
from gevent.event import Event

from gnet.deploy.logs import log, plural

if TYPE_CHECKING:  # the core never imports gnet.deploy; read by type checkers only
    import gnet.server

__all__ = ['drain', 'HEARTBEAT']

#: Seconds between calls of drain()'s *tick* (a gunicorn worker's heartbeat).
HEARTBEAT = 1.0


def _open(servers: Sequence[gnet.server.Server]) -> int:
    return sum(len(server._connections) for server in servers)


def drain(servers: Sequence[gnet.server.Server], timeout: float, reason: str,
          force: gevent.event.Event | None = None, tick: Callable[[], object] | None = None) -> None:
    """Close *servers*, wait up to *timeout* seconds for their connections, close the rest.

    *reason* names the cause in the log ('SIGTERM', 'max requests', ...).
    *force* (an Event) cuts the wait short; *tick()* runs every
    :data:`HEARTBEAT` seconds while waiting. Returns once every server has
    emitted 'close'. Logs: one INFO line when it starts, a WARNING when
    the timeout closes connections, INFO 'stopped' at the end.
    """
    log.info('stopping on %s: waiting up to %gs for %s', reason, timeout,
             plural(_open(servers), 'connection'))
    closed = []
    for server in servers:
        event = Event()
        server.prepend_once_listener('close', event.set)  # before a listener that raises
        closed.append(event)
        server.close()
    force = force or Event()
    loop = gevent.get_hub().loop
    deadline = loop.now() + timeout
    while not all(event.is_set() for event in closed) and not force.is_set():
        remaining = deadline - loop.now()
        if remaining <= 0:
            log.warning('graceful timeout (%gs): closing %s', timeout,
                        plural(_open(servers), 'connection'))
            break
        pending = [event for event in closed if not event.is_set()]
        gevent.wait(pending + [force], timeout=min(remaining, HEARTBEAT), count=1)
        if tick is not None:
            tick()
    for server, event in zip(servers, closed):
        if not event.is_set():
            server.stop(0)
    log.info('stopped')
