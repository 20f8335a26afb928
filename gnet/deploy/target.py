"""What ``gnet serve TARGET`` (and ``gunicorn -k gnet.gunicorn.GnetWorker TARGET``) serves.

One concept lives here: turning the TARGET argument into a
:class:`gnet.Server`. Both the single-process command
(:mod:`gnet.deploy.cli`) and each gunicorn worker
(:mod:`gnet.deploy.gunicorn`) call :func:`load_target` then
:func:`build_server`, so they serve exactly the same thing.

TARGET forms (:data:`TARGET_HELP` is the text ``gnet serve --help`` shows):

* ``MODULE:NAME`` — an importable module and an attribute (dots allowed);
* ``MODULE`` alone means ``MODULE:listener``;
* ``path/to/file.py`` or ``path/to/file.py:NAME`` — a file, imported with
  its directory importable (so its sibling modules import as usual);
* nothing — the built-in :func:`echo` listener.

NAME may be (checked in this order):

* a :class:`gnet.Server` (listen() is called on it unless it already listens);
* a ``socketserver.BaseRequestHandler`` subclass, run as ``socketserver``
  runs it (:func:`gnet.legacy.request_handler_listener`);
* a class or callable taking no positional argument — a factory returning
  a Server (``def make_server(): ...``);
* a callable taking two required positional arguments — a gevent
  ``StreamServer`` handler ``handle(socket, address)``
  (:func:`gnet.legacy.gevent_handler_listener`);
* any other callable — a connection listener called with each Socket
  (``def listener(sock)``; ``def listener(sock=None)`` too).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the core never imports gnet.deploy; read by type checkers only
    import gnet.server
    import gnet.socket

from gnet.deploy.logs import log

__all__ = ['echo', 'load_target', 'build_server', 'load_server', 'unlistened', 'TargetError',
           'TARGET_HELP']

#: The TARGET paragraph of ``gnet serve --help``.
TARGET_HELP = (
    'MODULE:NAME, MODULE (means MODULE:listener), path/to/file.py[:NAME] (NAME defaults to '
    'listener), or nothing for the built-in echo. NAME is a connection listener '
    '(def listener(sock)), a factory taking no positional argument and returning a gnet '
    'Server, a gnet Server, a gevent handler handle(socket, address), or a '
    'socketserver.BaseRequestHandler subclass.')

#: The attribute MODULE alone names.
DEFAULT_NAME = 'listener'


class TargetError(Exception):
    """TARGET names something that cannot be served (the message says why and what to do)."""


def echo(sock: gnet.socket.Socket) -> None:
    """The built-in listener: send every byte back (Node's ``socket.pipe(socket)``)."""
    sock.on('data', sock.write)


# --- loading ---------------------------------------------------------------------------

def load_target(spec: str | None) -> Any:
    """The object TARGET *spec* names; :func:`echo` for None or ''.

    The current directory is importable, as with gunicorn. Errors from the
    user's module (ImportError, SyntaxError, anything its import raises)
    propagate with their traceback; a missing NAME raises
    :class:`TargetError`.
    """
    if not spec:
        return echo
    where, name = _split(spec)
    if os.getcwd() not in sys.path and '' not in sys.path:
        sys.path.insert(0, os.getcwd())
    module = _import_file(where) if where.endswith('.py') else importlib.import_module(where)
    obj = module
    for part in (name or DEFAULT_NAME).split('.'):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            hint = (' (%s alone means %s:%s; name the object as %s:NAME)'
                    % (where, where, DEFAULT_NAME, where)) if not name else ''
            raise TargetError('%s has no attribute %r%s' % (where, part, hint)) from None
    return obj


def _split(spec: str) -> tuple[str, str]:
    """``('module' or 'path.py', 'name' or '')``."""
    if spec.endswith('.py'):
        return spec, ''
    if '.py:' in spec:
        where, _, name = spec.rpartition(':')
        return where, name
    where, _, name = spec.partition(':')
    return where, name


def _import_file(path: str) -> Any:
    """Import ``path/to/file.py`` as module ``file``, its directory importable."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise TargetError('%s: no such file' % path)
    directory, filename = os.path.split(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    module_name = filename[:-len('.py')]
    loaded = sys.modules.get(module_name)
    if loaded is not None and os.path.abspath(getattr(loaded, '__file__', '') or '') == path:
        return loaded
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]  # a .py path always has a spec
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]  # (and a source loader)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


# --- adapting --------------------------------------------------------------------------

def _positional(obj: Callable[..., object]) -> tuple[int, int | None]:
    """(required, total) positional parameters of *obj*; total is None with ``*args``."""
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return 1, 1  # a builtin or C callable: take it for a listener
    required = total = 0
    for param in params:
        if param.kind == param.VAR_POSITIONAL:
            return required, None
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            total += 1
            required += param.default is param.empty
    return required, total


def _kind(target: object) -> str:
    """'server', 'handler_class', 'factory', 'gevent' or 'listener'."""
    from gnet.server import Server
    from socketserver import BaseRequestHandler
    if isinstance(target, Server):
        return 'server'
    if isinstance(target, type) and issubclass(target, BaseRequestHandler):
        return 'handler_class'
    if not callable(target):
        raise TargetError('%r is not callable: TARGET must name a connection listener, a '
                          'factory, a Server, a gevent handler or a BaseRequestHandler '
                          'subclass' % (target,))
    required, total = _positional(target)
    if total == 0:
        return 'factory'
    if required == 2:
        return 'gevent'
    if required > 2:
        raise TargetError('%r takes %d positional arguments: a connection listener takes one '
                          '(the socket), a gevent handler two (socket, address)'
                          % (target, required))
    return 'listener'


def build_server(target: Any, options: Mapping[str, Any] | None = None) -> gnet.server.Server:
    """A :class:`gnet.Server` serving *target* (any form of :func:`_kind`).

    *options* (Node's server option keys, plus ``maxConnections``) are
    given to a server made here, and merged into one a factory returned
    (or a Server TARGET). Raises :class:`TargetError` for a factory that
    returns something else, and what the factory raises.
    """
    from gnet.legacy import gevent_handler_listener
    from gnet.server import Server
    options = dict(options or {})
    max_connections = options.pop('maxConnections', None)
    kind = _kind(target)
    server: gnet.server.Server
    if kind == 'server':
        server = target
    elif kind == 'factory':
        server = target()
        if not isinstance(server, Server):
            raise TargetError('%r is taken for a factory (it takes no positional argument) '
                              'but returned %r, not a gnet Server' % (target, server))
    elif kind == 'handler_class':
        server, options = Server(options, handler_class=target), {}
    elif kind == 'gevent':
        server, options = Server(options, gevent_handler_listener(target)), {}
    else:
        server, options = Server(options, target), {}
    if options:
        server._options.update(options)
        if options.get('proxyProtocol'):
            from gnet.proxy import validate_proxy_options
            validate_proxy_options(server._options)
    if max_connections is not None:
        server.max_connections = max_connections
    return server


def load_server(target: str | None, options: Mapping[str, Any]
                ) -> tuple[gnet.server.Server, None] | tuple[None, int]:
    """``(server, None)``, or ``(None, 1)`` after logging why TARGET cannot be served.

    What ``gnet serve`` does in one process and checks before ``--workers``:
    the user's own errors (its import, its factory) are logged with their
    traceback; a TARGET that names nothing servable is one line.
    """
    try:
        return build_server(load_target(target), options), None
    except TargetError as exc:
        log.error('cannot load %s: %s', target, exc)
    except Exception:  # the user's module or factory failed: show where
        log.exception('cannot load %s', target)
    return None, 1


def unlistened(server: gnet.server.Server, target: str | None) -> bool:
    """True when *server* has not listened yet; else log why and close it.

    gunicorn's workers share the master's socket, so a factory that calls
    ``listen()`` itself cannot be served by ``--workers`` / ``gunicorn -k``.
    """
    if server._state == 'idle':
        return True
    log.error('cannot serve %s with gunicorn workers: its factory called listen() itself; the '
              "workers share the master's socket, so return the server without listening",
              target)
    server.close()
    return False
