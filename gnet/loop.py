"""``gnet.run()``: Node's "the process exits when the loop is empty"."""

from gevent.hub import get_hub

__all__ = ['run']


def run(timeout: float | None = None) -> bool:
    """Run the hub until nothing referenced is left (or *timeout* seconds).

    Returns True when the loop ran empty, False on timeout. Call it from
    the main greenlet, as ``gevent.wait()``. An unhandled server 'error', or
    an exception from a server-level listener, raises out of here.
    """
    return get_hub().join(timeout=timeout)
