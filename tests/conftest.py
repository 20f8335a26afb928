"""The test session: its children stay inside the venv, Node 20 is the oracle.

At configure time (in the xdist controller and in each worker) the session
exports, for every process it starts:

- ``PATH``: the venv's scripts folder (``gnet``, ``python3``) and the
  oracle's folder (``node``) first;
- ``GNET_PYTHON`` (``sys.executable``) and ``GNET_NODE`` (the oracle, see
  session/oracle.py): what helpers that start Python or node must run;
- ``PYTHONPATH`` led by ``tests/session``, whose sitecustomize.py ends any
  Python that is not the venv's and audits the programs each child starts
  (session/venv_guard.py), with ``GNET_VENV``, ``GNET_REPO`` and
  ``GNET_GUARD_DIR`` for it.

It refuses to start (exit status 4, ``ERROR: ...``) when the oracle is not
Node 20 or ``sys.path`` reaches a site-packages outside the venv, prints
``node oracle: vX.Y.Z (path)`` first, and fails any test that reached a
program or Python outside the venv and the repository (``venv_guard``
fixture). Every test must be bounded in time (setup.cfg sets
pytest-timeout's default), use loopback addresses only, and wait for
events, never sleep.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

import pytest
import zope.event
import zope.event.classhandler

TESTS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TESTS)
SESSION = os.path.join(TESTS, 'session')
sys.path.insert(0, SESSION)

import oracle  # noqa: E402  (from tests/session)
import venv_guard  # noqa: E402

_guard_dir = None
_ORACLE = pytest.StashKey[tuple]()


def _prepend(name, *entries):
    """Put *entries* first in the os.pathsep list ``$name`` (once each)."""
    rest = [p for p in os.environ.get(name, '').split(os.pathsep) if p and p not in entries]
    os.environ[name] = os.pathsep.join(list(entries) + rest)


def pytest_configure(config):
    global _guard_dir
    os.environ.update(GNET_VENV=sys.prefix, GNET_REPO=REPO, GNET_PYTHON=sys.executable)
    problems = venv_guard.import_path_problems(sys.path, os.getcwd())
    if problems:
        raise pytest.UsageError('sys.path reaches outside the venv (%s), where a hand-installed '
                                'package could be imported from: %s'
                                % (sys.prefix, ', '.join(problems)))
    try:
        node, version = oracle.find_node()
    except oracle.OracleError as exc:
        raise pytest.UsageError(str(exc))
    config.stash[_ORACLE] = (node, version)
    os.environ['GNET_NODE'] = node
    _prepend('PATH', sysconfig.get_path('scripts'), os.path.dirname(node))
    _prepend('PYTHONPATH', SESSION)
    _guard_dir = tempfile.mkdtemp(prefix='gnet-guard-')
    os.environ['GNET_GUARD_DIR'] = _guard_dir
    venv_guard.install()


def pytest_unconfigure(config):
    if _guard_dir is not None:
        shutil.rmtree(_guard_dir, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    if hasattr(session.config, 'workerinput'):
        return  # an xdist worker: the controller prints it
    node, version = session.config.stash[_ORACLE]
    reporter = session.config.pluginmanager.get_plugin('terminalreporter')
    if reporter is not None:
        reporter.write_line('node oracle: %s (%s)' % (version, node))


@pytest.fixture(autouse=True)
def venv_guard_check():
    """Fail the test if it, or a process it started, reached outside the venv."""
    yield
    problems = venv_guard.take_records(_guard_dir)
    if problems:
        pytest.fail('the test reached outside the venv and the repository:\n'
                    + '\n'.join(problems), pytrace=False)


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
    """Run JavaScript *source* with the oracle; its last stdout line, parsed as JSON."""
    proc = subprocess.run([os.environ['GNET_NODE'], '--expose-internals', '-e', source],
                          capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        pytest.fail('node exited with status %d:\n%s' % (proc.returncode, proc.stderr))
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope='session')
def node_eval():
    """``node_eval(js_source)`` → the JSON value its last stdout line holds.

    The oracle is the session's Node 20 (``$GNET_NODE``). ``--expose-internals``
    is on, so ``require('internal/errors')`` works.
    """
    return _run_node
