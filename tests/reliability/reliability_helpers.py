"""Helpers shared by the reliability and security fault suite (see RELIABILITY.md).

Two profiles: the CI profile (the default test command) and the full one,
``GNET_FULL=1 python -m pytest -p no:benchmark tests/reliability``, which
scales every bounded loop up to the issue's numbers (100,000 cycles, 1 GB,
10,000 fuzz examples). ``FULL`` and :func:`profile` say which is running.

Everything is loopback-only, bounded by pytest-timeout, and waits for
events; the measuring helpers read /proc (Linux).
"""

import gc
import os
import resource
import subprocess
import sys
import textwrap

import gevent
import greenlet
import pytest

#: True under GNET_FULL=1: the issue's full sizes instead of the CI ones.
FULL = os.environ.get('GNET_FULL', '') not in ('', '0')

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def profile(ci, full):
    """The CI value, or the full-profile one under GNET_FULL=1."""
    return full if FULL else ci


def open_fds():
    """The descriptors this process holds (a sorted list of numbers)."""
    return sorted(int(name) for name in os.listdir('/proc/self/fd'))


def socket_fds():
    """The descriptors of this process that are sockets (a sorted list).

    Leak checks compare these: the hub makes a few other descriptors
    lazily (an eventfd for child watchers, ...) once per process.
    """
    found = []
    for name in os.listdir('/proc/self/fd'):
        try:
            if os.readlink('/proc/self/fd/' + name).startswith('socket:'):
                found.append(int(name))
        except OSError:
            pass  # the descriptor listdir itself used, closed since
    return sorted(found)


def fd_count():
    # listdir itself opens one descriptor; it is closed again before we count
    return len(os.listdir('/proc/self/fd'))


def live_greenlets():
    """Live greenlets that could belong to a connection, found through gc.

    Leaves out what gevent keeps for itself: hubs, the root greenlet of
    each thread, and the resolver's thread-pool workers (their number
    follows the load, not gnet) — and gnet's own pool of finished
    greenlets kept for reuse (bounded: ``gnet._greenlets.MAX_IDLE``).
    """
    from gevent.hub import Hub
    from gevent.threadpool import _WorkerGreenlet
    from gnet._greenlets import pooled
    gc.collect()
    parked = pooled()
    return [g for g in gc.get_objects()
            if isinstance(g, greenlet.greenlet) and g and not g.dead
            and g.parent is not None and not isinstance(g, (Hub, _WorkerGreenlet))
            and g not in parked]


def rss_bytes():
    """Resident set size of this process, from /proc/self/statm."""
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def raise_nofile(wanted):
    """Raise RLIMIT_NOFILE's soft limit towards the hard one; skip if too low.

    Returns the previous (soft, hard) so the caller can restore it.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, wanted)
    if target < wanted:
        pytest.skip('RLIMIT_NOFILE hard limit %d < %d descriptors needed' % (target, wanted))
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return soft, hard


def python_script(source):
    """argv running *source* (dedented) with this interpreter, gnet importable."""
    return [sys.executable, '-c', textwrap.dedent(source)]


def child_env(**extra):
    env = dict(os.environ)
    env['PYTHONPATH'] = REPO + os.pathsep + env.get('PYTHONPATH', '')
    env.update({k: str(v) for k, v in extra.items()})
    return env


def spawn_child(source, argv=(), **kw):
    """A child Python process (gevent.subprocess: waiting on it is cooperative)."""
    from gevent import subprocess as gsubprocess
    kw.setdefault('stdout', subprocess.PIPE)
    kw.setdefault('stderr', subprocess.PIPE)
    kw.setdefault('stdin', subprocess.PIPE)
    return gsubprocess.Popen(python_script(source) + list(argv), env=child_env(), text=True, **kw)


class Counter:
    """Counts events and wakes a waiter when a target count is reached."""

    def __init__(self):
        self.value = 0
        self._waiters = []

    def add(self, n=1):
        self.value += n
        for target, event in list(self._waiters):
            if self.value >= target:
                event.set()

    def wait_for(self, target, timeout):
        """Block (cooperatively) until the count reaches *target*; assert it did."""
        if self.value >= target:
            return
        event = gevent.event.Event()
        self._waiters.append((target, event))
        try:
            assert event.wait(timeout), 'count %d never reached %d in %ss' % (
                self.value, target, timeout)
        finally:
            self._waiters.remove((target, event))


import gevent.event  # noqa: E402  (Counter uses it; imported after gevent)


def get_connections(server, timeout=10):
    """``server.get_connections()`` in blocking style: the count (asserts no error)."""
    result = gevent.event.AsyncResult()
    server.get_connections(lambda err, count: result.set((err, count)))
    err, count = result.get(timeout=timeout)
    assert err is None
    return count


def tcp_connect(port):
    """A connected gevent socket to 127.0.0.1:*port*.

    Not ``gevent.socket.create_connection``: its getaddrinfo runs in the
    hub's thread pool, which would grow to ten workers (greenlets that
    outlive the test and skew other tests' greenlet counts).
    """
    from gevent import socket as gsocket
    sock = gsocket.socket(gsocket.AF_INET, gsocket.SOCK_STREAM)
    try:
        sock.connect(('127.0.0.1', port))
    except BaseException:
        sock.close()
        raise
    return sock
