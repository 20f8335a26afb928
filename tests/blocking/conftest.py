"""The ``differential`` fixture (see blocking_helpers.py)."""

import pytest
from gevent.server import StreamServer

import gnet

from blocking_helpers import run_body


def node_form(listener, handle):
    """A gnet.Server in Node's form whose 'connection' listener runs *handle*.

    Shaped like the StreamServer constructor for :func:`run_body`: it
    listens at once, and ``start()`` has nothing left to do.
    """
    server = gnet.Server(lambda sock: handle(sock, sock.remote_address))
    server.listen(listener[1], listener[0])
    return server


@pytest.fixture(params=['gevent-form', 'node-form'])
def differential(request):
    """``differential(body)`` → ``(trace on a gevent socket, trace on a gnet.Socket)``.

    *body(sock, peer)* runs as a StreamServer handler, and on gnet as the
    handler of gevent's form or as a 'connection' listener of Node's form
    (each test runs once per gnet form); see :func:`blocking_helpers.run_body`.
    """
    gnet_server = gnet.Server if request.param == 'gevent-form' else node_form

    def run(body):
        return run_body(StreamServer, body), run_body(gnet_server, body)
    return run
