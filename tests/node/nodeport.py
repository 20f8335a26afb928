"""Helpers for the ports of Node's own net tests (imported by the test files).

A module of its own, not conftest.py: several conftest.py files live under
tests/, and ``from conftest import ...`` would depend on which one was
imported last. The fixtures built on these helpers are in conftest.py.
"""

import os
import subprocess
import sys
import textwrap

import gevent
from gevent.event import AsyncResult
from gevent.hub import get_hub

__all__ = ['LOOP', 'WAIT', 'Calls', 'run_python', 'settle', 'wait_event']

#: 'libev' or 'libuv': the gevent loop these tests run on (GEVENT_LOOP).
LOOP = 'libuv' if 'libuv' in type(get_hub().loop).__module__ else 'libev'

#: Seconds any single wait for an event may take before the test fails.
WAIT = 10


class Calls:
    """Node's ``common.mustCall`` / ``mustNotCall``, checked at teardown."""

    def __init__(self):
        self.checked = False   # set once the counts were checked (or moot)
        self._expected = []   # (wrapper, expected count or None for "at least one", name)

    def must_call(self, fn=None, times=1, name=None):
        """A wrapper of *fn* that must be called exactly *times* times."""
        return self._wrap(fn, times, name)

    def must_call_at_least(self, fn=None, name=None):
        return self._wrap(fn, None, name)

    def must_not_call(self, name='must_not_call'):
        def never(*args, **kwargs):
            raise AssertionError('%s was called with %r' % (name, args))
        return self._wrap(never, 0, name)

    def _wrap(self, fn, times, name):
        def wrapper(*args, **kwargs):
            wrapper.calls += 1
            if fn is not None:
                return fn(*args, **kwargs)
            return None
        wrapper.calls = 0
        self._expected.append((wrapper, times, name or getattr(fn, '__name__', 'callback')))
        return wrapper

    def check(self):
        for wrapper, times, name in self._expected:
            if times is None:
                assert wrapper.calls >= 1, '%s was never called' % name
            else:
                assert wrapper.calls == times, '%s called %d times, expected %d' % (
                    name, wrapper.calls, times)


def settle(turns=3):
    """Let the hub run until idle a few times: anything already queued has run.

    Used after a test's last expected event, to make sure no extra event
    (a second 'close', say) was queued behind it. Not a timed sleep.
    """
    for _ in range(turns):
        gevent.idle()


def wait_event(emitter, name, timeout=WAIT):
    """An AsyncResult set with the args of *emitter*'s next *name* event.

    Attach it before causing the event; ``.get(timeout)`` then waits.
    """
    result = AsyncResult()

    def listener(*args):
        if not result.ready():
            result.set(args)
    emitter.once(name, listener)
    return result


def run_python(source, timeout=30, loop=None):
    """Run *source* in a fresh interpreter: ``(returncode, stdout, stderr)``.

    For the tests about "the process exits": gnet.run() must return in a
    process where nothing else holds the hub.
    """
    env = dict(os.environ)
    if loop:
        env['GEVENT_LOOP'] = loop
    proc = subprocess.run([sys.executable, '-c', textwrap.dedent(source)],
                          capture_output=True, text=True, timeout=timeout, env=env,
                          check=False)
    return proc.returncode, proc.stdout, proc.stderr
