"""Helpers for the Python side of a conformance scenario.

A scenario builds one :class:`Trace` and ends with ``trace.dump()``, which
prints the trace as ONE line of JSON on stdout; ``_trace.js`` is the same
for the Node side, and the harness compares the two parsed values.

Rendering rules, identical in both helpers: JavaScript ``undefined`` and
``null`` both become JSON ``null`` (Python's ``None``); errors are rendered
by :func:`err_info` as ``{kind, code, message}``, where ``kind`` is the
JavaScript class name (``TypeError`` for a Python ``TypeError``,
``RangeError`` for a ``ValueError``, ``Error`` for anything else).
"""

import json
import os
import sys

# Run against this checkout even when gnet is not installed.
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

__all__ = ['Trace', 'err_info', 'attempt']


class Trace:
    """An ordered list of entries, each the list of items one log() got."""

    def __init__(self):
        self.entries = []

    def log(self, *items):
        self.entries.append(list(items))

    def dump(self):
        sys.stdout.write(json.dumps(self.entries) + '\n')
        sys.stdout.flush()


def err_info(exc):
    """``{kind, code, message}`` of an exception, as _trace.js renders an Error."""
    if isinstance(exc, TypeError):
        kind = 'TypeError'
    elif isinstance(exc, ValueError):
        kind = 'RangeError'
    else:
        kind = 'Error'
    return {'kind': kind, 'code': getattr(exc, 'code', None), 'message': str(exc)}


def attempt(fn, *args):
    """Call ``fn(*args)``: ``{'threw': err_info}`` or ``{'ok': True}``."""
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001 - the trace records whatever it is
        return {'threw': err_info(exc)}
    return {'ok': True}
