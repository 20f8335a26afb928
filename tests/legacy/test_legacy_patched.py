"""gnet under ``gevent.monkey.patch_all()``, in a subprocess.

pytest (and xdist) cannot mix patched and unpatched tests in one process,
so ``patched_scenarios.py`` — a program that calls ``patch_all()`` before
anything else, as a legacy app does — runs every scenario in one child
process and prints one JSON line each; each test here asserts one line.
The child inherits the environment, so ``GEVENT_LOOP=libuv-cffi`` covers
libuv too.
"""

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, 'patched_scenarios.py')

SCENARIOS = [
    'monkey_patched',
    'unref_run_exits',
    'echo_event_style',
    'echo_blocking_stdlib',
    'ssl_in_a_gevent_handler',
    'close_ordering',
    'get_connections_and_max_connections',
    'socketserver_line_handler',
    'gevent_stream_handler',
    'stop_kills_sleeping_handlers',
    'thousand_blocking_connections',
]


@pytest.fixture(scope='module')
def patched_results():
    """Run every scenario once in a patched child; {name: report}."""
    proc = subprocess.run([sys.executable, SCRIPT] + SCENARIOS, capture_output=True,
                          text=True, timeout=50, check=False)
    reports = {}
    for line in proc.stdout.splitlines():
        if line.startswith('{'):
            report = json.loads(line)
            reports[report['name']] = report
    return reports, proc


@pytest.mark.parametrize('name', SCENARIOS)
def test_scenario_under_patch_all(patched_results, name):
    reports, proc = patched_results
    report = reports.get(name)
    if report is None:
        pytest.fail('no report for %s; exit status %s\nstdout:\n%s\nstderr:\n%s'
                    % (name, proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    assert report['ok'], report['error']


def test_patched_child_reports_nothing_unexpected_on_stderr(patched_results):
    """No handler failure or hub error report leaked out of any scenario."""
    _, proc = patched_results
    assert proc.returncode == 0
    assert 'Traceback' not in proc.stderr, proc.stderr[-3000:]


def test_thousand_connections_were_all_open_at_once(patched_results):
    reports, _ = patched_results
    info = reports['thousand_blocking_connections']['info']
    assert info and info['peak_concurrent_handlers'] == 1000, info
