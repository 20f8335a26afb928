"""Fixtures for the ports of Node's own net tests (helpers: nodeport.py).

Node's ``common.mustCall(fn, n)`` / ``common.mustNotCall()`` become the
``calls`` fixture: wrappers that count their calls, checked when the test
ends. ``common.PORT`` is port 0; ``common.PIPE`` is a path in a fresh
short temporary directory (``pipe_path``). Every wait is for an event,
bounded by a timeout — never a sleep.
"""

import os
import shutil
import tempfile

import gevent
import pytest
from gevent.hub import get_hub

from nodeport import Calls


@pytest.fixture
def calls():
    """``calls.must_call(fn, n)`` / ``calls.must_not_call()``; counts checked after the test."""
    registry = Calls()
    yield registry
    if not registry.checked:
        registry.check()


@pytest.fixture
def pipe_path():
    """A Unix socket path in a fresh, short temporary directory (Node's common.PIPE)."""
    directory = tempfile.mkdtemp(prefix='gnet-', dir='/tmp')
    try:
        yield os.path.join(directory, 'sock')
    finally:
        shutil.rmtree(directory, ignore_errors=True)


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Check the hub's errors and the ``calls`` counts as part of the test itself.

    So they count as the test's own failure (and xfail sees them), reported
    once: the teardown checks only what the test body did not get to.
    """
    registry = item.funcargs.get('calls')
    reported = item.funcargs.get('no_unreported_errors')
    try:
        result = yield
    except BaseException:
        if registry is not None:
            registry.checked = True   # the test failed already; one report is enough
        if reported:
            del reported[:]
        raise
    if reported:
        found = list(reported)
        del reported[:]
        raise AssertionError('errors reported by the hub: %r' % (found,))
    if registry is not None:
        registry.checked = True
        registry.check()
    return result


def pytest_collection_modifyitems(items):
    """Every port is bounded: 60 s unless a test says otherwise (pytest-timeout).

    setup.cfg sets the same default; this keeps the bound when tests/node is
    run from elsewhere.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    for item in items:
        if item.get_closest_marker('timeout') is None and str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.timeout(60))
