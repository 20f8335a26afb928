"""Shared by the gevent drop-in tests: both server classes, and TLS files.

``server_class`` runs a test twice: on ``gevent.server.StreamServer`` (the
oracle) and on ``gnet.Server``; ``both`` runs one scenario on each and
returns the two traces for the test to compare.
"""

import gevent
import pytest
import trustme
from gevent.server import StreamServer

import gnet

SERVER_CLASSES = {'StreamServer': StreamServer, 'gnet': gnet.Server}


@pytest.fixture
def both():
    """``both(scenario)`` → ``(trace on StreamServer, trace on gnet.Server)``.

    *scenario(ServerClass)* returns a trace (any comparable value); each
    run has 10 s.
    """
    def run(scenario):
        traces = []
        for cls in (StreamServer, gnet.Server):
            with gevent.Timeout(10):
                traces.append(scenario(cls))
        return tuple(traces)
    return run


@pytest.fixture(scope='session')
def tls_files(tmp_path_factory):
    """``(ca, keyfile, certfile)`` for localhost / 127.0.0.1, made at test time."""
    tmp = tmp_path_factory.mktemp('gevent-compat-tls')
    ca = trustme.CA()
    cert = ca.issue_cert('localhost', '127.0.0.1')
    keyfile, certfile = tmp / 'server.key', tmp / 'server.crt'
    cert.private_key_pem.write_to_path(str(keyfile))
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    return ca, str(keyfile), str(certfile)
