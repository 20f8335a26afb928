"""gevent's own StreamServer tests give the same results on gnet.Server.

Each of gevent's test modules (imported from the installed gevent, never
copied) runs twice in a child process — against ``gevent.server.StreamServer``
and with it replaced by ``gnet.Server`` before the module is imported (see
``gevent_suite.py``) — on the loop this test run uses (``GEVENT_LOOP``),
and every test must have the same outcome in both runs. A difference that
cannot match would be listed, with its reason, in docs/from-gevent.md;
today there is none.
"""

import json
import os
import subprocess
import sys

import pytest

RUNNER = os.path.join(os.path.dirname(__file__), 'gevent_suite.py')

#: Seconds one run of one module may take (each takes ~2-5 s when idle).
RUN_TIMEOUT = 150


def run_suite(module, server):
    """``{'outcomes': {test id: outcome}, 'gnet_servers': N}`` of one child run."""
    proc = subprocess.run([sys.executable, RUNNER, module, server], capture_output=True,
                          text=True, timeout=RUN_TIMEOUT, check=False, cwd=os.path.dirname(RUNNER))
    lines = proc.stdout.strip().splitlines()
    assert lines, 'no result from %s on %s (status %s):\n%s' % (
        module, server, proc.returncode, proc.stderr[-4000:])
    result = json.loads(lines[-1])
    result['report'] = proc.stderr
    return result


@pytest.mark.timeout(2 * RUN_TIMEOUT + 30)
@pytest.mark.parametrize('module, least_tests', [('test__server', 39), ('test__socket_close', 2)])
def test_gevent_suite_gives_the_same_outcomes_on_gnet_server(module, least_tests):
    reference = run_suite(module, 'StreamServer')
    ours = run_suite(module, 'gnet')
    outcomes = reference['outcomes']
    # The reference run is a real run: every test ran, nearly all passed.
    assert len(outcomes) >= least_tests, reference['report'][-4000:]
    assert sum(v == 'pass' for v in outcomes.values()) >= least_tests - 1
    assert reference['gnet_servers'] == 0
    # Ours went through gnet.Server, and each test ended as on StreamServer.
    assert ours['gnet_servers'] >= len(outcomes) // 2
    differing = {test: (outcomes.get(test), ours['outcomes'].get(test))
                 for test in set(outcomes) | set(ours['outcomes'])
                 if outcomes.get(test) != ours['outcomes'].get(test)}
    assert not differing, '%s\n%s' % (differing, ours['report'][-6000:])
