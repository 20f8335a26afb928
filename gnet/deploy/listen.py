"""Where ``gnet serve`` listens, and how it says it cannot.

One concept lives here: turning the address flags (``--host``/``--port``,
``--path``, ``--fd``, ``--reuse-port``) into ``server.listen()`` options,
and reporting a listen error as Node does (``Error: listen EADDRINUSE:
address already in use 127.0.0.1:3000`` on stderr). The single process
(:mod:`gnet.deploy.cli`) and the master of ``--workers``
(:mod:`gnet.deploy.preflight`) both use it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ['listen_request', 'print_error', 'DEFAULT_PORT', 'DEFAULT_HOST']

#: The port without --port (Node's documentation examples use 3000 too).
DEFAULT_PORT = 3000
#: The host without --host.
DEFAULT_HOST = '127.0.0.1'


def listen_request(args: argparse.Namespace) -> dict[str, Any]:
    """The ``server.listen()`` options the command line asks for."""
    if args.fd is not None:
        return {'fd': args.fd}
    if args.path is not None:
        return {'path': args.path}
    request: dict[str, Any] = {'port': DEFAULT_PORT if args.port is None else args.port,
               'host': args.host or DEFAULT_HOST}
    if args.reuse_port:
        request['reusePort'] = True
    return request


def print_error(err: BaseException) -> None:
    """Node's report of a listen error: ``Error: listen EADDRINUSE: ...`` on stderr."""
    print('Error: %s' % (getattr(err, 'message', None) or err), file=sys.stderr, flush=True)
