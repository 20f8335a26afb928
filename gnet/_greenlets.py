"""Reusable greenlets for connections: ``spawn(function, *args)``.

One concept: a per-hub pool of finished greenlets. Starting a greenlet
costs ~8 µs on CPython 3.11 (its Python frame stack is mapped anew, and
unmapped when it ends); handing work to a parked one costs a switch.
gnet starts one per accepted connection, and one each time a released
idle connection wakes up (see ``gnet.socket._hub._IdleReaper``), so it keeps a
few finished greenlets for the next one. A server's own events
('listening', 'close', 'error', 'drop', getConnections' callback) run in
one too (:func:`run_soon`), never in the hub, so their listeners may block
as a connection listener may.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from gevent.hub import Hub, get_hub
from greenlet import getcurrent, greenlet

__all__ = ['spawn', 'run_soon', 'pooled']

#: Finished greenlets kept per hub for reuse (each holds ~6 KiB parked).
MAX_IDLE = 128

_pools: dict[Hub, _Pool] = {}


class _Pool:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.idle: list[greenlet] = []

    def _greenlet(self) -> greenlet:
        """A parked greenlet of the pool, or a new one."""
        idle = self.idle
        while idle:
            glet = idle.pop()
            if not glet.dead:  # (killed while parked here)
                return glet
        return greenlet(self._serve, self.hub)

    def spawn(self, function: Callable[..., object], args: tuple[object, ...]) -> greenlet:
        """Run ``function(*args)`` in a greenlet on the next hub turn; that greenlet."""
        glet = self._greenlet()
        self.hub.loop.run_callback(glet.switch, function, args)
        return glet

    def run_soon(self, function: Callable[..., object], args: tuple[object, ...]) -> None:
        """Run ``function(*args)`` in a greenlet on the next hub turn, taken only then.

        For work nobody needs to name (a server's events): no greenlet is
        held while it waits its turn.
        """
        self.hub.loop.run_callback(self._run_now, function, args)

    def _run_now(self, function: Callable[..., object], args: tuple[object, ...]) -> None:
        self._greenlet().switch(function, args)

    def _serve(self, function: Callable[..., object], args: tuple[object, ...]) -> None:
        """A greenlet's life: run the work, park in the pool, run the next."""
        hub = self.hub
        idle = self.idle
        while True:
            try:
                function(*args)
            except BaseException:  # the work reports its own; this is a backstop
                hub.handle_error(getcurrent(), *sys.exc_info())
            del function, args  # the finished work's references go now
            if len(idle) >= MAX_IDLE:
                return
            idle.append(getcurrent())
            function, args = hub.switch()


def pooled() -> set[greenlet]:
    """The greenlets parked in the pools, waiting for work (leak checks leave them out)."""
    return {glet for pool in _pools.values() for glet in pool.idle}


def _pool() -> _Pool:
    hub = get_hub()
    pool = _pools.get(hub)
    if pool is None:
        pool = _pools[hub] = _Pool(hub)
    return pool


def spawn(function: Callable[..., object], *args: object) -> greenlet:
    """Start ``function(*args)`` in a (reused) greenlet on the next hub turn."""
    return _pool().spawn(function, args)


def run_soon(function: Callable[..., object], *args: object) -> None:
    """Run ``function(*args)`` in a (reused) greenlet on the next hub turn, taken then."""
    _pool().run_soon(function, args)
