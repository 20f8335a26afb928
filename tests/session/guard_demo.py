"""Tests that reach outside the venv on purpose; tests/test_session.py runs them.

Not collected by the suite (the name does not start with ``test_``): the
guard must fail every test here but the last, which is the control. Each
test calls the Python the venv was made from (``/usr/bin/python3`` on a
distribution Python) the way a helper once did, and would pass without
the guard.
"""

import os
import shutil
import stat
import subprocess
import sys

#: A Python outside the venv: the system's, else the one the venv was made from.
FOREIGN_PYTHON = (shutil.which('python3', path='/usr/bin:/bin')
                  or os.path.join(sys.base_prefix, 'bin', 'python3'))
NODE_RUNS_PYTHON = ("const r = require('child_process').spawnSync(process.argv[1], "
                    "['-c', 'print(42)'], {encoding: 'utf8'});"
                    "process.stdout.write(String(r.status) + ' ' + r.stdout);")


def test_helper_runs_the_system_python():
    out = subprocess.run([FOREIGN_PYTHON, '-c', 'print(42)'], capture_output=True, text=True)
    assert out.stdout == '42\n'


def test_helper_swallows_the_refusal():
    try:
        subprocess.run([FOREIGN_PYTHON, '-c', 'print(42)'], capture_output=True)
    except Exception:
        pass


def test_node_helper_runs_python3_from_a_system_path():
    # What tls_*.js did: node starting "python3" from a PATH without the venv.
    env = dict(os.environ, PATH='/usr/bin:/bin')
    out = subprocess.run([os.environ['GNET_NODE'], '-e', NODE_RUNS_PYTHON, FOREIGN_PYTHON],
                         capture_output=True, text=True, env=env)
    assert out.stdout == '0 42\n'


def test_gnet_installed_system_wide(tmp_path):
    # What test_cli did: the first gnet on PATH, here one installed outside the venv.
    script = tmp_path / 'gnet'
    script.write_text('#!%s\nprint("gnet from elsewhere")\n' % FOREIGN_PYTHON)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    found = shutil.which('gnet', path=str(tmp_path) + os.pathsep + os.environ['PATH'])
    out = subprocess.run([found], capture_output=True, text=True)
    assert out.returncode == 0


def test_control_the_venv_python_and_node_pass():
    out = subprocess.run([sys.executable, '-c', 'print(42)'], capture_output=True, text=True)
    assert out.stdout == '42\n'
    out = subprocess.run([os.environ['GNET_NODE'], '-e', NODE_RUNS_PYTHON,
                          os.environ['GNET_PYTHON']], capture_output=True, text=True)
    assert out.stdout == '0 42\n'
