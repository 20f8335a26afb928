"""Run one of gevent's own test modules; print each test's outcome as JSON.

``python gevent_suite.py MODULE SERVER`` imports ``gevent.tests.MODULE``
from the installed gevent (never a copy) and runs it with unittest.
SERVER is ``StreamServer`` (gevent's own class, the reference run) or
``gnet`` (``gevent.server.StreamServer`` is replaced by ``gnet.Server``
*before* the test module is imported, so its ``StreamServer`` subclasses
are gnet's). The last stdout line is JSON: ``{"outcomes": {"test id":
"pass" | "fail" | "error" | "skip", ...}, "gnet_servers": N}`` — N counts
the gnet.Server objects the suite made (0 in the reference run), so a run
that never reached gnet cannot pass for one that did. unittest's own
report goes to stderr.

The event loop is gevent's choice (``GEVENT_LOOP`` in the environment).
"""

import importlib
import json
import sys
import unittest


class _Outcomes(unittest.TextTestResult):
    """unittest's text result that also records one outcome per test id."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcomes[test.id()] = 'pass'

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.outcomes[test.id()] = 'fail'

    def addError(self, test, err):
        super().addError(test, err)
        self.outcomes[test.id()] = 'error'

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcomes[test.id()] = 'skip'

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.outcomes[test.id()] = 'expected-failure'

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.outcomes[test.id()] = 'unexpected-success'


def _count_gnet_servers(made):
    """Count each gnet.Server constructed (wraps its first construction step)."""
    import gnet.server
    init_state = gnet.server.Server._init_state

    def counting(self):
        made.append(type(self).__name__)
        init_state(self)
    gnet.server.Server._init_state = counting


def main(module_name, server):
    import gevent.server
    made = []
    if server == 'gnet':
        import gnet
        _count_gnet_servers(made)
        gevent.server.StreamServer = gnet.Server
    elif server != 'StreamServer':
        raise SystemExit('SERVER must be StreamServer or gnet, not %r' % server)
    module = importlib.import_module('gevent.tests.' + module_name)
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=_Outcomes)
    result = runner.run(suite)
    sys.stdout.write(json.dumps({'outcomes': result.outcomes, 'gnet_servers': len(made)},
                                sort_keys=True) + '\n')


if __name__ == '__main__':
    main(*sys.argv[1:])
