"""The suite reaches nothing outside its venv and the repository.

A test passes on a fresh machine only if everything it runs was installed
by ``pip install -e '.[test]'`` into the venv, lives in the repository, or
comes from the distribution (apt: haproxy, strace, uname, sh...). Two ways
could reach further, and both once made CI green only where something had
been installed by hand:

- a program run by path or from PATH (a ``gnet`` or ``python3`` installed
  system-wide): every Python of the session, the test process and each
  child, runs :func:`audit` on ``subprocess.Popen`` / ``os.exec`` /
  ``os.posix_spawn`` / ``os.spawn`` and refuses (:func:`program_problem`),
  outside the venv and the repository, an interpreter (python, node) or a
  program whose name the venv's scripts folder holds, and any program
  but those of the distribution's folders and of the temporary folder
  (scripts a test writes);
- a Python interpreter that is not the venv's, started by a program that is
  not Python (node running ``python3``): ``sitecustomize.py`` beside this
  module (on every child's PYTHONPATH) calls :func:`check_interpreter`,
  which ends such an interpreter at once with status ``FOREIGN_STATUS``.

Each refusal is also written to a file in ``$GNET_GUARD_DIR``, so that the
session fails the test even when its child's failure was swallowed (see
:func:`take_records`). Standard library only: a foreign interpreter runs it.

Environment (set by the session in tests/conftest.py, inherited by every
child): ``GNET_VENV`` (the venv's ``sys.prefix``), ``GNET_REPO`` (the
repository root), ``GNET_GUARD_DIR`` (where refusals are recorded).
"""

import os
import sys

#: The distribution's program folders (apt installs there; pip and hand
#: installs go to /usr/local, /opt or a home).
SYSTEM_DIRS = ('/usr/bin', '/usr/sbin', '/bin', '/sbin')
#: Programs the venv must provide even when the distribution has them too
#: (compared without a trailing version: python3.11 is python).
INTERPRETERS = frozenset({'python', 'node', 'nodejs', 'npm', 'npx', 'corepack'})
#: The exit status of a foreign interpreter ended by check_interpreter().
FOREIGN_STATUS = 97
_AUDITED = frozenset({'subprocess.Popen', 'os.exec', 'os.posix_spawn', 'os.spawn'})
_installed = False


class OutsideVenv(RuntimeError):
    """A test reached a program outside the venv and the repository."""


def _roots():
    return [os.path.realpath(os.environ[name]) for name in ('GNET_VENV', 'GNET_REPO')
            if os.environ.get(name)]


def _inside(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def program_problem(program, path_var=None):
    """None if running *program* stays inside; else the reason, a str.

    *program* is what would be executed (a name looked up in *path_var*,
    default ``$PATH``, or a path). The unresolved absolute path is judged
    (a venv's ``bin/python3`` is a symlink out of the venv, and allowed);
    a program that cannot be found is left to fail by itself.
    """
    import shutil  # here: a child that starts nothing does not pay for it
    program = os.fsdecode(program)
    if os.sep in program:
        path = os.path.abspath(program)
    else:
        path = shutil.which(program, path=path_var if path_var is not None
                            else os.environ.get('PATH', os.defpath))
        if path is None:
            return None
        path = os.path.abspath(path)
    path = os.path.normpath(path)
    if any(_inside(path, root) or _inside(os.path.realpath(path), root) for root in _roots()):
        return None
    folder, name = os.path.split(path)
    venv_scripts = os.path.join(os.environ.get('GNET_VENV', ''), 'bin')
    if (name.rstrip('0123456789.') in INTERPRETERS
            or os.path.exists(os.path.join(venv_scripts, name))):
        return ('runs %s, outside the venv (%s) and the repository, where the venv has its own '
                '%s: use sys.executable, $GNET_PYTHON, $GNET_NODE or the venv\'s scripts folder'
                % (path, os.environ.get('GNET_VENV'), name))
    if folder in SYSTEM_DIRS or _inside(path, _temp_dir()):
        return None
    return ('runs %s, which is outside the venv (%s), the repository and the distribution\'s '
            'folders (%s): a hand-installed program; declare it in setup.cfg\'s test extra, or '
            'install it with apt in .ci/run' % (path, os.environ.get('GNET_VENV'),
                                                ', '.join(SYSTEM_DIRS)))


def _temp_dir():
    import tempfile
    return os.path.realpath(tempfile.gettempdir())


def record(message):
    """Write *message* to a new file in ``$GNET_GUARD_DIR`` (if it exists)."""
    folder = os.environ.get('GNET_GUARD_DIR')
    if not folder or not os.path.isdir(folder):
        return
    path = os.path.join(folder, '%d-%s.txt' % (os.getpid(), os.urandom(8).hex()))
    with open(path, 'w', encoding='utf-8') as f:
        f.write(message)


def take_records(folder):
    """The messages recorded in *folder* (sorted), removing their files."""
    messages = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, encoding='utf-8') as f:
            messages.append(f.read())
        os.unlink(path)
    return messages


def audit(event, args):
    """``sys.addaudithook`` hook: raise OutsideVenv (and record it) on a foreign program."""
    if event not in _AUDITED:
        return
    if event == 'subprocess.Popen':
        executable, argv, _cwd, env = args
        program = executable if executable is not None else argv[0]
    elif event == 'os.spawn':  # (mode, path, argv, env)
        program, env = args[1], args[3]
    else:  # os.exec / os.posix_spawn: (path, argv, env)
        program, env = args[0], args[2]
    # The PATH the program will be looked up in: env's, os.defpath when env has none.
    path_var = os.pathsep.join(os.get_exec_path(env if isinstance(env, dict) else None))
    problem = program_problem(program, path_var)
    if problem:
        message = 'process %d %s' % (os.getpid(), problem)
        record(message)
        raise OutsideVenv(message)


def check_interpreter():
    """End this Python (status FOREIGN_STATUS) unless it is the venv's interpreter.

    Called by sitecustomize.py at start-up of every Python the session
    starts; a foreign one has not the venv's packages (``trustme``) and
    must not stand in for it.
    """
    venv = os.environ.get('GNET_VENV')
    if not venv or os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    message = ('a Python that is not the venv\'s ran: %s (sys.prefix %s, argv %r); '
               'the venv is %s: start Python with sys.executable or $GNET_PYTHON'
               % (sys.executable, sys.prefix, sys.argv, venv))
    record(message)
    sys.stderr.write('gnet test guard: %s\n' % message)
    sys.stderr.flush()
    os._exit(FOREIGN_STATUS)


def install():
    """Audit this process's programs; called once per Python (idempotent)."""
    global _installed
    if not _installed:
        _installed = True
        sys.addaudithook(audit)


def import_path_problems(paths, cwd):
    """The entries of *paths* (``sys.path``) a hand-installed package could come from.

    Allowed: the venv, the repository, *cwd* (``python -m`` puts it first),
    the standard library's own folders, and entries that do not exist.
    A ``site-packages`` / ``dist-packages`` outside the venv (the system's,
    the user's, or one on PYTHONPATH) is a problem.
    """
    import sysconfig
    stdlib = {os.path.realpath(sysconfig.get_path(name)) for name in ('stdlib', 'platstdlib')}
    allowed = _roots() + [os.path.realpath(cwd)]
    problems = []
    for entry in paths:
        path = os.path.realpath(entry or cwd)
        if not os.path.exists(path) or any(_inside(path, root) for root in allowed):
            continue
        packages = 'site-packages' in path.split(os.sep) or 'dist-packages' in path.split(os.sep)
        if any(_inside(path, lib) for lib in stdlib) and not packages:
            continue
        problems.append(path)
    return problems
