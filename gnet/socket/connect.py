"""Connecting a socket: Node's ``socket.connect()`` hand-off, in the socket's driver.

Name lookup ('lookup'), the non-blocking connect(2), then 'connect' and
'ready' — all of it as a task in the socket's own driver greenlet; once
connected the socket is the same as a server-side one. Node's
``lib/net.js`` (``Socket.prototype.connect``, ``lookupAndConnect``,
``afterConnect``). :func:`gnet.connect` (module :mod:`gnet.client`) is a
new :class:`gnet.Socket` plus this.
"""

import _socket
import errno as _errno
import socket as _stdsocket

from gevent import socket as _gsocket

from gnet import errors
from gnet._args import normalize_connect
from gnet.ip import is_ip

__all__ = ['start_connect']

_IN_PROGRESS = (_errno.EINPROGRESS, _errno.EAGAIN, _errno.EWOULDBLOCK)


def start_connect(sock, args, kwargs):
    """``sock.connect(...)``: validate now, connect in the socket's greenlet."""
    options, callback = normalize_connect(args, kwargs)
    if sock.destroyed:
        sock._undestroy()  # Node: connect() revives a destroyed socket
    if callback is not None:
        sock.once('connect', callback)
    if options.get('allowHalfOpen') is not None:
        sock._allow_half_open = bool(options['allowHalfOpen'])
    if options.get('timeout'):
        sock.set_timeout(options['timeout'])
    sock.connecting = True
    sock._defer(_connect_task, sock, options)
    return sock


def _connect_task(sock, options):
    """Runs in the driver: lookup, connect(2), then 'connect' and 'ready'."""
    if sock.destroyed:
        return
    path = options.get('path')
    if path is not None:
        family, address, host, port = _stdsocket.AF_UNIX, path, path, None
    else:
        host, port = options.get('host') or 'localhost', options['port']
        family, ip = _lookup(sock, host, port, options.get('family') or 0)
        if ip is None:
            return
        address = (ip, port)
        host = ip
    raw = _socket.socket(family, _stdsocket.SOCK_STREAM)  # the C type: see Server.do_read
    sock._attach(raw)
    try:
        local = options.get('localAddress'), options.get('localPort')
        if local[0] or local[1]:
            raw.bind((local[0] or ('::' if family == _stdsocket.AF_INET6 else '0.0.0.0'),
                      local[1] or 0))
        code = raw.connect_ex(address)
        if code in _IN_PROGRESS:
            sock._wait(2)
            code = raw.getsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_ERROR)
    except OSError as exc:
        # errno None: Python's "AF_UNIX path too long" (newer Node: ENAMETOOLONG)
        code = exc.errno if exc.errno is not None else _errno.ENAMETOOLONG
    if sock.destroyed:
        return
    if code:
        sock.connecting = False
        sock.destroy(errors.errno_exception(code, 'connect', host, port))
        return
    _connected(sock, options)


def _lookup(sock, host, port, family):
    """Resolve *host* (emitting 'lookup' as Node does); (None, None) on failure."""
    version = is_ip(host)
    if version:
        return (_stdsocket.AF_INET6 if version == 6 else _stdsocket.AF_INET), host
    try:
        infos = _gsocket.getaddrinfo(host, port, _family_constant(family),
                                     _stdsocket.SOCK_STREAM)
    except OSError as exc:
        err = errors.dns_error(exc, host)
        sock.emit('lookup', err, None, None, host)
        sock.connecting = False
        sock.destroy(err)
        return None, None
    found_family, ip = infos[0][0], infos[0][4][0]
    sock.emit('lookup', None, ip, 6 if found_family == _stdsocket.AF_INET6 else 4, host)
    return found_family, ip


def _family_constant(family):
    return {4: _stdsocket.AF_INET, 6: _stdsocket.AF_INET6}.get(family, _stdsocket.AF_UNSPEC)


def _connected(sock, options):
    """Connected: socket options, queued writes, then 'connect' and 'ready'.

    ``connecting`` stays True (and nothing is read) until 'connect' is emitted.
    """
    sock._connected = True
    if sock._family != _stdsocket.AF_UNIX:
        if options.get('noDelay'):
            sock.set_no_delay(True)
        if options.get('keepAlive'):
            sock.set_keep_alive(True, options.get('keepAliveInitialDelay') or 0)
    if sock._queue:
        # Node: writes queued before the connect reach the kernel (and
        # their callbacks run) before 'connect'.
        sock._start_flushing()
        sock._flush()
    # Node: the connect completes as an I/O event of its own, so accepts
    # already pending on a local server ('connection') come first.
    sock._loop.run_callback(sock._defer, _emit_connect, sock)
    if sock._ended:
        if sock._queue:
            sock._shutdown_pending = True
        else:
            sock._loop.run_callback(sock._defer, sock._finish_end)


def _emit_connect(sock):
    sock.connecting = False
    if not sock.destroyed:
        sock.emit('connect')
        sock.emit('ready')
        sock._after_connect()
