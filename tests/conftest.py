"""Shared fixtures: a clean zope.event, and Node as the oracle.

Every test must be bounded in time (setup.cfg sets pytest-timeout's
default), use loopback addresses only, and wait for events, never sleep.
"""

import json
import shutil
import subprocess

import pytest
import zope.event
import zope.event.classhandler


@pytest.fixture
def zope_subscribers():
    """``zope.event.subscribers``, emptied for the test and restored after.

    The list is mutated in place, never rebound: gnet holds a reference to
    the list object itself. zope.event.classhandler's registry is restored
    too, since its first ``handler()`` call appends its dispatcher.
    """
    saved = list(zope.event.subscribers)
    saved_registry = dict(zope.event.classhandler.registry)
    del zope.event.subscribers[:]
    zope.event.classhandler.registry.clear()
    try:
        yield zope.event.subscribers
    finally:
        zope.event.subscribers[:] = saved
        zope.event.classhandler.registry.clear()
        zope.event.classhandler.registry.update(saved_registry)


def _run_node(source, timeout=30):
    """Run JavaScript *source* with node; its last stdout line, parsed as JSON."""
    node = shutil.which('node')
    if node is None:
        pytest.fail('node (Node.js 20) is not on PATH; the tests that compare with Node '
                    'need it (Debian: apt-get install -y nodejs)', pytrace=False)
    proc = subprocess.run([node, '--expose-internals', '-e', source], capture_output=True,
                          text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        pytest.fail('node exited with status %d:\n%s' % (proc.returncode, proc.stderr))
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope='session')
def node_eval():
    """``node_eval(js_source)`` → the JSON value its last stdout line holds.

    Fails (does not skip) when node is missing. ``--expose-internals`` is
    on, so ``require('internal/errors')`` works.
    """
    return _run_node
