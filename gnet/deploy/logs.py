"""What a served gnet server writes to the ``gnet`` logger.

One concept lives here: the log lines of ``gnet serve`` and of each
gunicorn worker (both call :func:`log_connections`, so they say the same
things), and the formatting of addresses in them (an IPv6 address in
brackets: ``[::1]:47858``).

Levels: one INFO line per connection opened and closed, the live count
every *stats_interval* seconds; a network error or a refused PROXY
header is a WARNING, except what load balancer health checks cause (a
PROXY LOCAL connection, a connection closed or reset before sending
anything), which is DEBUG. An exception from a connection's listener is
logged by the socket itself (ERROR, with its traceback) and skipped here:
it is never a network error. :func:`log_exception` logs one from a server
listener the same way.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the core never imports gnet.deploy; read by type checkers only
    import gnet.server
    import gnet.socket

__all__ = ['log', 'log_connections', 'log_exception', 'format_address', 'describe_server',
           'plural', 'STATS_INTERVAL']

log = logging.getLogger('gnet')

#: Seconds between the "N connections" INFO lines (--stats-interval).
STATS_INTERVAL = 30.0


def format_address(host: str, port: int | None = None) -> str:
    """``'127.0.0.1:80'``, ``'[::1]:80'``, or the host (a Unix path) alone."""
    if port is None:
        return host
    return '%s:%s' % ('[%s]' % host if ':' in host else host, port)


def describe_server(server: gnet.server.Server) -> str:
    """Where *server* listens: ``'127.0.0.1:3000'``, ``'[::]:3000'``, a path."""
    address = server.address()
    if isinstance(address, dict):
        return format_address(address['address'], address['port'])
    return repr(address) if address and address.startswith('\0') else str(address)


def plural(count: int, noun: str) -> str:
    """``'1 connection'``, ``'2 connections'``."""
    return '%d %s%s' % (count, noun, '' if count == 1 else 's')


def log_exception(message: str, *args: object, exc: BaseException,
                  logger: logging.Logger = log) -> None:
    """An ERROR with *exc*'s traceback (Node prints the stack of an uncaught exception)."""
    logger.error(message, *args, exc_info=(type(exc), exc, exc.__traceback__))


def _is_health_check(sock: gnet.socket.Socket) -> bool:
    """A PROXY LOCAL connection: what HAProxy's ``check-send-proxy`` sends."""
    header = getattr(sock, 'proxy_header', None)
    return header is not None and header.command == 'LOCAL'


def log_connections(server: gnet.server.Server, logger: logging.Logger = log,
                    stats_interval: float | None = STATS_INTERVAL) -> gnet.server.Server:
    """Log *server*'s connections, errors, drops and refused PROXY headers.

    Returns *server*. The count timer (every *stats_interval* seconds; 0 or
    None: never) does not keep the hub alive and stops at 'close'.
    """
    def on_connection(sock: gnet.socket.Socket) -> None:
        peer = sock._peer_text()  # as the socket's own log lines write it
        level = logging.DEBUG if _is_health_check(sock) else logging.INFO
        via = (' via %s' % format_address(sock.proxy_address, sock.proxy_port)
               if sock.proxy_address else '')
        logger.log(level, 'connection from %s%s', peer, via)

        def on_close(had_error: bool) -> None:
            logger.log(level, 'closed %s (read %d, written %d bytes%s)', peer, sock.bytes_read,
                       sock.bytes_written, ', after an error' if had_error else '')

        def on_error(err: BaseException) -> None:
            if err is getattr(sock, '_listener_fault', None):
                return  # a bug, not a network error: the socket logged it with its traceback
            quiet = level == logging.DEBUG or (getattr(err, 'code', None) == 'ECONNRESET'
                                               and not sock.bytes_read)
            logger.log(logging.DEBUG if quiet else logging.WARNING, 'connection %s: %s', peer,
                       getattr(err, 'message', None) or err)
        sock.on('close', on_close)
        sock.on('error', on_error)
    server.prepend_listener('connection', on_connection)
    server.on('drop', lambda data=None: logger.warning(
        'dropped a connection over maxConnections (%d)%s', server.max_connections or 0,
        ' from %s' % format_address(data['remoteAddress'], data['remotePort']) if data else ''))
    server.on('proxyError', lambda err, info: _log_proxy_error(logger, err, info))
    if stats_interval and stats_interval > 0:
        from gevent import get_hub
        timer = get_hub().loop.timer(stats_interval, stats_interval)
        timer.ref = False  # type: ignore[attr-defined]  # (typeshed's gevent stubs omit watchers' ref)
        timer.start(lambda: logger.info('%s', plural(len(server._connections), 'connection')))
        server.once('close', timer.stop)
    return server


def _log_proxy_error(logger: logging.Logger, err: Any, info: dict[str, Any]) -> None:
    """A refused PROXY header: WARNING, or DEBUG for a health check's bare connect/close."""
    peer = (format_address(info['remoteAddress'], info['remotePort']) if info
            else 'a connection')
    quiet = err.code == 'ERR_PROXY_PROTOCOL_CLOSED' and not getattr(err, 'received', 0)
    logger.log(logging.DEBUG if quiet else logging.WARNING, 'refused %s: %s', peer, err)
