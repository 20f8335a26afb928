"""``gnet.run()``: Node's "the process exits when the loop is empty"."""

from typing import Any

from gevent.hub import get_hub

__all__ = ['run']


def guard_loop_exit(loop: Any) -> None:
    """Make gevent's LoopExit report safe on the libuv-cffi loop.

    When the hub's loop runs empty — which is how :func:`run` and
    ``gevent.wait()`` return — gevent builds LoopExit's message from
    ``loop.debug()``. On the libuv-cffi loop that walks every handle and
    dereferences its data pointer, and a poll handle gevent closed in the
    same turn can still carry a freed one: the walk segfaults (seen at
    ``gnet.run()``'s normal return in about one full libuv test pass in
    two). The walk only feeds a diagnostic, so on that loop gnet replaces
    it with an empty list. libev's loop has no such walk.
    """
    if type(loop).__module__.startswith('gevent.libuv') and 'debug' not in vars(loop):
        loop.debug = list  # list() == []: no handle is dereferenced


def run(timeout: float | None = None) -> bool:
    """Run the hub until nothing referenced is left (or *timeout* seconds).

    Returns True when the loop ran empty, False on timeout. Call it from
    the main greenlet, as ``gevent.wait()``. An unhandled server 'error', or
    an exception from a server-level listener, raises out of here.
    """
    hub = get_hub()
    guard_loop_exit(hub.loop)
    return hub.join(timeout=timeout)
