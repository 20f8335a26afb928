"""The session's own promises: Node 20 is the oracle, nothing outside the venv is reached.

tests/conftest.py sets the session up; session/oracle.py and
session/venv_guard.py hold the checks. The guard is proven end to end by
running session/guard_demo.py (tests that reach outside on purpose) in a
nested pytest session and reading its JUnit report.
"""

import os
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET

import pytest

import oracle
import venv_guard

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, 'session', 'guard_demo.py')


def test_the_oracle_is_the_venvs_node_20():
    node = os.environ['GNET_NODE']
    assert node == oracle.node_path()
    assert node.startswith(sys.prefix + os.sep)
    version = subprocess.run([node, '--version'], capture_output=True, text=True,
                             timeout=30).stdout.strip()
    assert version.startswith('v20.')
    # Children find the same node, the venv's python3 and gnet first on PATH.
    for name, expected in (('node', node), ('python3', os.path.join(sysconfig.get_path('scripts'),
                                                                    'python3'))):
        found = subprocess.run(['sh', '-c', 'command -v ' + name], capture_output=True,
                               text=True, timeout=30).stdout.strip()
        assert found == expected


@pytest.mark.parametrize('version', ['v18.19.0', 'v22.12.0', 'v2.0.0', '', 'node'])
def test_a_node_other_than_20_is_refused(version):
    with pytest.raises(oracle.OracleError, match='the oracle must be Node 20, got %r' % version):
        oracle.check_version(version)


def test_node_20_is_accepted():
    assert oracle.check_version('v20.18.0') == 'v20.18.0'


def test_programs_outside_the_venv_are_refused(tmp_path):
    assert venv_guard.program_problem(sys.executable) is None
    assert venv_guard.program_problem(os.environ['GNET_NODE']) is None
    assert venv_guard.program_problem('python3') is None          # the venv's, first on PATH
    assert venv_guard.program_problem(os.path.join(HERE, 'x.sh')) is None  # the repository
    assert venv_guard.program_problem('/bin/sh') is None           # the distribution's
    assert venv_guard.program_problem('/usr/sbin/haproxy') is None
    assert venv_guard.program_problem('uname', path_var='/usr/bin') is None
    assert 'runs /usr/bin/python3, outside the venv' in \
        venv_guard.program_problem('/usr/bin/python3')
    assert 'runs /usr/bin/node,' in venv_guard.program_problem('node', path_var='/usr/bin')
    assert 'runs /usr/local/bin/haproxy,' in venv_guard.program_problem('/usr/local/bin/haproxy')
    assert 'runs /usr/bin/gnet,' in venv_guard.program_problem('/usr/bin/gnet')  # the venv's name
    assert 'runs /usr/bin/pytest,' in venv_guard.program_problem('/usr/bin/pytest')
    assert 'runs %s,' % (tmp_path / 'gnet') in venv_guard.program_problem(str(tmp_path / 'gnet'))
    assert venv_guard.program_problem(str(tmp_path / 'fake-tool')) is None  # a test's own script
    assert 'hand-installed' in venv_guard.program_problem('/opt/tool/bin/tool')
    assert venv_guard.program_problem('no-such-program-anywhere') is None  # fails by itself


@pytest.mark.parametrize('event, args', [
    ('subprocess.Popen', (None, ['/usr/bin/python3', '-c', ''], None, None)),
    ('subprocess.Popen', ('python3', ['x'], None, {'PATH': '/usr/bin'})),
    ('subprocess.Popen', (None, ['python3'], None, {'LANG': 'C'})),   # os.defpath: /usr/bin
    ('os.exec', ('/usr/bin/node', ['node'], {})),
    ('os.posix_spawn', (b'/usr/local/bin/gnet', ['gnet'], {})),
    ('os.spawn', (os.P_WAIT, '/usr/bin/python3', ['python3'], {})),
])
def test_audit_refuses_and_records_every_way_to_start_a_program(event, args):
    with pytest.raises(venv_guard.OutsideVenv, match='outside the venv') as info:
        venv_guard.audit(event, args)
    # Recorded too, for the venv_guard_check fixture; taken here so this test passes.
    assert venv_guard.take_records(os.environ['GNET_GUARD_DIR']) == [str(info.value)]
    venv_guard.audit(event.replace('.', '_'), args)  # other events are ignored


def test_import_paths_outside_the_venv_are_refused(tmp_path):
    stdlib = sysconfig.get_path('stdlib')
    (tmp_path / 'site-packages').mkdir()
    assert venv_guard.import_path_problems(sys.path, os.getcwd()) == []
    assert venv_guard.import_path_problems(
        [stdlib, HERE, str(tmp_path / 'gone'), str(tmp_path / 'site-packages')],
        os.getcwd()) == [str((tmp_path / 'site-packages').resolve())]
    if os.path.isdir('/usr/lib/python3/dist-packages'):
        assert venv_guard.import_path_problems(['/usr/lib/python3/dist-packages'], HERE) \
            == ['/usr/lib/python3/dist-packages']


def test_the_guard_fails_tests_that_reach_outside(tmp_path):
    report = tmp_path / 'report.xml'
    proc = subprocess.run([sys.executable, '-m', 'pytest', '-p', 'no:xdist', '-p', 'no:randomly',
                           '-q', '--junitxml', str(report), DEMO],
                          capture_output=True, text=True, timeout=120, cwd=os.path.dirname(HERE))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    outcomes = {}
    for case in ET.parse(report).getroot().iter('testcase'):
        for child in case:
            if child.tag in ('failure', 'error'):
                outcomes.setdefault(case.get('name'), []).append(
                    (child.tag, child.get('message', '') + child.text))
        outcomes.setdefault(case.get('name'), [])
    foreign = 'outside the venv'
    refused = outcomes.pop('test_helper_runs_the_system_python')
    assert [tag for tag, _ in refused] == ['failure', 'error'] and foreign in refused[0][1]
    swallowed = outcomes.pop('test_helper_swallows_the_refusal')
    assert [tag for tag, _ in swallowed] == ['error'] and foreign in swallowed[0][1]
    via_node = outcomes.pop('test_node_helper_runs_python3_from_a_system_path')
    assert [tag for tag, _ in via_node] == ['failure', 'error']
    assert "'97 ' == '0 42" in via_node[0][1]   # the foreign python3 ended at once (97)
    assert "a Python that is not the venv's ran" in via_node[1][1]
    system_gnet = outcomes.pop('test_gnet_installed_system_wide')
    assert [tag for tag, _ in system_gnet] == ['failure', 'error'] and foreign in system_gnet[0][1]
    assert outcomes == {'test_control_the_venv_python_and_node_pass': []}


def test_a_hand_installed_package_folder_stops_the_session(tmp_path):
    # Where Debian's system-wide pip puts packages (trustme once lay there).
    hand = tmp_path / 'usr' / 'local' / 'lib' / 'python3.11' / 'dist-packages'
    hand.mkdir(parents=True)
    env = dict(os.environ, PYTHONPATH=str(hand) + os.pathsep + os.environ['PYTHONPATH'])
    proc = subprocess.run([sys.executable, '-m', 'pytest', '-p', 'no:xdist', '-q',
                           DEMO + '::test_control_the_venv_python_and_node_pass'],
                          capture_output=True, text=True, timeout=120, env=env,
                          cwd=os.path.dirname(HERE))
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert 'sys.path reaches outside the venv' in proc.stderr and str(hand) in proc.stderr
