"""examples/typed_client.py (type-checked by tox -e typecheck) runs and round-trips its lines."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, 'examples', 'typed_client.py')


@pytest.mark.parametrize('lines', [[], ['one'], ['a b', 'é ü', 'x' * 70000]])
def test_typed_client_echoes_every_line_and_exits_zero(lines):
    proc = subprocess.run([sys.executable, EXAMPLE, *lines], capture_output=True,
                          text=True, encoding='utf8', timeout=30)
    sent = lines or ['hello', 'typed world']
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ''
    assert proc.stdout == 'closed, had_error = False\n' + ''.join(l + '\n' for l in sent)
