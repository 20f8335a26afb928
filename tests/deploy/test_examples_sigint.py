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
