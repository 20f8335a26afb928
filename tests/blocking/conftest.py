"""The ``differential`` fixture (see blocking_helpers.py)."""

import pytest
from gevent.server import StreamServer

import gnet

from blocking_helpers import run_body


@pytest.fixture
def differential():
    """``differential(body)`` → ``(trace on a gevent socket, trace on a gnet.Socket)``.

    *body(sock, peer)* runs as a StreamServer handler on each; see
    :func:`blocking_helpers.run_body`.
    """
    def run(body):
        return run_body(StreamServer, body), run_body(gnet.Server, body)
    return run
