"""Run at start-up by every Python the test session starts (it is on their PYTHONPATH).

A Python that is not the venv's ends at once; the venv's own audits the
programs it starts. See venv_guard.py.
"""

import venv_guard

venv_guard.check_interpreter()
venv_guard.install()
