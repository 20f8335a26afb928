"""Every example stops on Ctrl-C (SIGINT) with exit 0 and no traceback, the same way."""

import os
import signal
import sys

import pytest

from deploy_helpers import ROOT, Child

pytestmark = pytest.mark.timeout(60)

EXAMPLES = os.path.join(ROOT, 'examples')


@pytest.mark.parametrize('argv, ready', [
    (['echo.py', '127.0.0.1', '0'], r'^listening on 127\.0\.0\.1:\d+$'),
    (['echo_blocking.py', '127.0.0.1', '0'], r'^listening on 127\.0\.0\.1:\d+$'),
    (['goodbye.py'], r'^opened server on '),
    (['listen_retry.py', '0'], r'^listening on '),
    (['line_server.py', '--port', '0'], r'^listening on 127\.0\.0\.1:\d+$'),
    (['line_server.py', '--port', '0', '--stdlib'], r'^listening on 127\.0\.0\.1:\d+$'),
    (['patched_app.py', '--port', '0'], r'^listening on 127\.0\.0\.1:\d+$'),
])
def test_ctrl_c_exits_0_without_a_traceback(argv, ready):
    child = Child([sys.executable, os.path.join(EXAMPLES, argv[0])] + argv[1:])
    try:
        child.wait_for(ready)
        child.signal(signal.SIGINT)
        assert child.wait(20) == 0, child.output()
        assert 'Traceback' not in child.output()
    finally:
        child.kill()


@pytest.mark.parametrize('name', ['line_server.py', 'patched_app.py'])
def test_the_docstring_gives_the_default_port_the_program_uses(name):
    """The usage line in the docstring and the argument default say the same port."""
    import re
    text = open(os.path.join(EXAMPLES, name)).read()
    documented = re.search(r'python examples/%s .*\[--port (\d+)\]' % re.escape(name), text)
    default = re.search(r"add_argument\('--port', type=int, default=(\d+)", text)
    assert documented and default
    assert documented.group(1) == default.group(1)
