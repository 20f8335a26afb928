"""What ``gnet serve --workers N`` checks before gunicorn's master starts.

One concept lives here: making ``--workers`` fail exactly as the single
process does. The single process loads TARGET, then listens; here the
same two steps run in the master with the same functions
(:func:`gnet.deploy.target.load_server`, ``Server.listen()``), so a module that
does not import is its traceback once and exit 1, and a busy port is
Node's ``listen EADDRINUSE: address already in use HOST:PORT`` and exit 1
at once — not gunicorn's five seconds of retries and exit 3.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from gnet.deploy.listen import listen_request, print_error
from gnet.deploy.target import load_server, unlistened

if TYPE_CHECKING:  # the core never imports gnet.deploy; read by type checkers only
    import gnet.server

__all__ = ['check_target', 'bind']


def check_target(target: str | None, options: Mapping[str, Any]) -> int:
    """0 when TARGET loads and builds a server; else 1, after logging why.

    It runs in a forked child that exits at once, so the master imports
    none of the user's modules: workers import them after fork, and a HUP
    reload brings new code (gunicorn without ``preload_app``).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code: int | None = 1
        try:
            server, code = load_server(target, options)
            if server is not None and not unlistened(server, target):
                code = 1
        finally:
            sys.stderr.flush()
            os._exit(code or 0)
    _, status = os.waitpid(pid, 0)
    return 0 if os.waitstatus_to_exitcode(status) == 0 else 1


def bind(args: argparse.Namespace
         ) -> tuple[int, gnet.server.Server, int] | tuple[None, None, int]:
    """``(fd, server, 0)`` of the socket ``gnet serve`` would listen on, or ``(None, None, 1)``.

    The socket is bound by a gnet Server's ``listen()`` (Node's defaults:
    dual-stack ``::``, SO_REUSEADDR, ``--reuse-port``, Unix paths,
    adopted fds), and its error printed as the single process prints it.
    *server* must stay referenced while gunicorn uses *fd* (a dup), and
    is never closed here: closing it would remove a Unix socket's file.
    """
    from gevent.event import AsyncResult
    from gnet.deploy.systemd import listen_fds
    from gnet.server import Server
    request = listen_request(args)
    if 'fd' in request:
        listen_fds()  # consume systemd's variables, as the single process does
    server = Server()
    outcome: AsyncResult[BaseException | None] = AsyncResult()
    server.once('listening', lambda: outcome.set(None))
    server.once('error', outcome.set)
    try:
        server.listen(request)
    except Exception as exc:  # bad arguments raise at once (Node's TypeErrors)
        print_error(exc)
        return None, None, 1
    err = outcome.get()
    if err is not None:
        print_error(err)
        return None, None, 1
    server.stop_accepting()  # gunicorn's workers accept; the master never does
    return os.dup(server.socket.fileno()), server, 0
