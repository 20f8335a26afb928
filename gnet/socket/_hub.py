"""Per-hub helpers shared by every socket: keeping the hub alive, releasing idle greenlets.

Keeping the hub alive: a socket's I/O watchers are all unref'd; one
never-fired async watcher per hub holds the loop while at least one open,
ref'd socket counts on it (Node keeps the process alive while a socket is
open, paused or not, unless unref'd), so ref()/unref() touch one counter,
and on libuv the shared per-fd poll handle never decides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gnet.loop import guard_loop_exit

if TYPE_CHECKING:  # gnet.socket.net imports this module
    import gnet.socket.net
    from gevent.hub import Hub

# Why a parked driver was woken (the values passed to its switch()).
_WOKEN_READABLE = 1
_WOKEN_TASK = 2
_RELEASED = 3   # the idle reaper took the greenlet back (see _IdleReaper)


class _IdleReaper:
    """Releases the greenlets of connections that sit idle, one sweep per interval.

    A parked greenlet costs its saved stack and a page of Python frame
    stack (~8 KiB); an idle connection whose listeners have returned needs
    none of it. One unref'd timer per hub looks at every open socket each
    *interval*: one that has been parked since the previous sweep gets its
    greenlet released, and its next event starts a fresh one. Nothing here
    runs per message; a socket only counts its parks.
    """

    def __init__(self, hub: Hub, interval: float) -> None:
        self.sockets: set[gnet.socket.net.Socket] = set()
        self.timer = hub.loop.timer(interval, interval)
        self.timer.ref = False  # type: ignore[attr-defined]  # (typeshed's gevent stubs omit watchers' ref)
        self.timer.start(self.sweep)

    def sweep(self) -> None:
        for sock in list(self.sockets):
            if sock._parked and sock._parks == sock._parks_swept:
                sock._driver.switch(_RELEASED)
            else:
                sock._parks_swept = sock._parks


_reapers: dict[tuple[Hub, float], _IdleReaper] = {}


def _reaper_for(hub: Hub, interval: float) -> _IdleReaper:
    """The reaper of this hub for this interval (one per class setting in use)."""
    reaper = _reapers.get((hub, interval))
    if reaper is None:
        reaper = _reapers[hub, interval] = _IdleReaper(hub, interval)
    return reaper


def _noop() -> None:
    """The keep-alive watcher's callback; it is never signalled."""


class _KeepAlive:
    """Node's "an open socket keeps the process alive", as one watcher per hub.

    The socket's own I/O watchers are unref'd (they come and go with each
    wait); instead one ref'd async watcher, never signalled, is started
    while at least one open, ref'd socket counts on it. A count rather than
    a watcher per socket: ~0.3 KiB and ~0.3 µs less per connection.
    """

    def __init__(self, loop: Any) -> None:
        guard_loop_exit(loop)  # gevent.wait() returns through LoopExit too
        self.count = 0
        self.watcher = loop.async_()
        self.watcher.ref = False
        # Started once and never stopped: only its ref changes (a stopped
        # libuv async handle still holds the loop until it is closed).
        self.watcher.start(_noop)

    def hold(self) -> None:
        self.count += 1
        if self.count == 1:
            self.watcher.ref = True

    def release(self) -> None:
        self.count -= 1
        if self.count == 0:
            self.watcher.ref = False


_keep_alives: dict[Any, _KeepAlive] = {}


def _keep_alive_for(loop: Any) -> _KeepAlive:
    keep_alive = _keep_alives.get(loop)
    if keep_alive is None:
        keep_alive = _keep_alives[loop] = _KeepAlive(loop)
    return keep_alive
