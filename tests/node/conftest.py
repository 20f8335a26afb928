"""Helpers for the ports of Node's own net tests.

Node's ``common.mustCall(fn, n)`` / ``common.mustNotCall()`` become the
``calls`` fixture: wrappers that count their calls, checked when the test
ends. ``common.PORT`` is port 0; ``common.PIPE`` is a path in a fresh
short temporary directory (``pipe_path``). Every wait is for an event,
bounded by a timeout — never a sleep.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

import gevent
import pytest
from gevent.event import AsyncResult
from gevent.hub import get_hub

#: 'libev' or 'libuv': the gevent loop these tests run on (GEVENT_LOOP).
LOOP = 'libuv' if 'libuv' in type(get_hub().loop).__module__ else 'libev'

#: Seconds any single wait for an event may take before the test fails.
WAIT = 10


class Calls:
    """Node's ``common.mustCall`` / ``mustNotCall``, checked at teardown."""

    def __init__(self):
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


@pytest.fixture
def calls():
    """``calls.must_call(fn, n)`` / ``calls.must_not_call()``; counts checked after the test."""
    registry = Calls()
    yield registry
    registry.check()


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


@pytest.fixture
def pipe_path():
    """A Unix socket path in a fresh, short temporary directory (Node's common.PIPE)."""
    directory = tempfile.mkdtemp(prefix='gnet-', dir='/tmp')
    try:
        yield os.path.join(directory, 'sock')
    finally:
        shutil.rmtree(directory, ignore_errors=True)


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


@pytest.fixture
def python_run():
    """``python_run(source)`` → (returncode, stdout, stderr) of a fresh Python."""
    return run_python


@pytest.fixture(autouse=True)
def no_unreported_errors():
    """Fail a test whose connection greenlets raised into the hub's report.

    An exception in a connection listener (an ``assert`` in a Node-style
    callback, say) would only be printed by the hub; in Node it would crash
    the process, so here it fails the test.
    """
    hub = get_hub()
    reported = []
    original = hub.handle_error

    def handle_error(context, kind, value, tb):
        if kind is not None and not issubclass(kind, gevent.GreenletExit):
            reported.append((context, value))
        return original(context, kind, value, tb)
    hub.handle_error = handle_error
    try:
        yield reported
    finally:
        del hub.handle_error
    assert not reported, 'errors reported by the hub: %r' % (reported,)


def pytest_collection_modifyitems(items):
    """Every port is bounded: 60 s unless a test says otherwise (pytest-timeout).

    setup.cfg sets the same default; this keeps the bound when tests/node is
    run from elsewhere.
    """
    for item in items:
        if item.get_closest_marker('timeout') is None and \
                str(item.fspath).startswith(os.path.dirname(os.path.abspath(__file__))):
            item.add_marker(pytest.mark.timeout(60))
