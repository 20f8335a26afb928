"""Connecting a socket: Node's ``socket.connect()`` hand-off.

The client socket options (Node's ``Socket`` constructor: noDelay,
keepAlive, signal, onread, readable / writable), name lookup ('lookup',
the ``lookup`` option or the system resolver), and the hand-over to
:mod:`gnet.happy_eyeballs` for the connect(2) attempts; then 'connect' and
'ready'. Once connected the socket is the same as a server-side one.
Node's ``lib/net.js`` (``Socket.prototype.connect``, ``lookupAndConnect``,
``lookupAndConnectMultiple``, ``afterConnect``). :func:`gnet.connect`
(module :mod:`gnet.client`) is a new :class:`gnet.Socket` plus this.

Where things run, as in Node: ``connect()`` validates and returns at once
(bad arguments raise there); a custom ``lookup`` is called synchronously
inside ``connect()`` and may answer at once or later, from any greenlet:
'lookup' and the first attempt run where it answers, as in Node (a hub
callback hands them to the socket's greenlet); the system resolver runs in
a helper greenlet. The attempts' results are emitted in the socket's own
greenlet, which the connect never blocks, so 'timeout', destroy() and
writes keep working while it runs.
"""

from __future__ import annotations

import os
import socket as _stdsocket
import stat
from typing import TYPE_CHECKING, Any

import gevent
from gevent import socket as _gsocket
from greenlet import getcurrent

from gnet import errors, happy_eyeballs
from gnet._args import normalize_connect, normalize_socket_options
from gnet.ip import is_ip

if TYPE_CHECKING:  # gnet.socket.net imports this module
    import gnet.socket.net

__all__ = ['start_connect', 'init_socket_options', 'dns_lookup', 'fd_type']

#: Node's ``dns.lookup`` hint used when no family is asked for (non-Windows).
_ADDRCONFIG = _stdsocket.AI_ADDRCONFIG


def init_socket_options(sock, options):
    """Node's ``Socket`` constructor options on a client socket (already validated).

    ``noDelay``, ``keepAlive``, ``keepAliveInitialDelay`` (ms): applied
    when the connect succeeds. ``signal``: its abort destroys the socket
    with :class:`gnet.errors.AbortError` (``cause`` = the reason), at once;
    an already aborted signal does so now, and the socket then never
    connects (Node 20 connects it anyway: a deliberate difference).
    ``onread`` ``{'buffer', 'callback'}``: each chunk read is copied into
    *buffer* (a bytearray, or a function returning one, called once), at
    most ``len(buffer)`` bytes at a time, and ``callback(nread, buffer)``
    is called; 'data' is never emitted ('end' is); a False return pauses,
    the rest waiting for resume(). ``readable`` / ``writable`` False (with
    ``fd``): that side is ended (readyState 'writeOnly' / 'readOnly').
    """
    sock._want_no_delay = bool(options.get('noDelay'))
    sock._want_keep_alive = (bool(options.get('keepAlive')),
                             options.get('keepAliveInitialDelay') or 0)
    signal = options.get('signal')
    if signal is not None:
        _watch_signal(sock, signal)
    if options.get('onread') is not None:
        _use_onread(sock, options['onread'])
    if options.get('fd') is not None:
        if options.get('readable') is False:
            sock._read_ended = sock._end_emitted = True
        if options.get('writable') is False:
            sock._ended = sock._finished = True


def fd_type(fd):
    """libuv's ``uv_guess_handle`` in Node's words: 'TCP' for a stream socket
    (Unix ones too), 'UDP', 'PIPE' (a FIFO), 'TTY', 'FILE' or 'UNKNOWN'.

    Node adopts 'TCP' and 'PIPE' descriptors; gnet adopts stream sockets
    only (a FIFO is not a socket Python can drive).
    """
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return 'UNKNOWN'
    if stat.S_ISSOCK(mode):
        kind = _stdsocket.socket(fileno=os.dup(fd))
        try:
            return 'TCP' if kind.type == _stdsocket.SOCK_STREAM else 'UDP'
        finally:
            kind.close()
    if stat.S_ISFIFO(mode):
        return 'PIPE'
    return 'TTY' if os.isatty(fd) else 'FILE'


def _watch_signal(sock, signal):
    """Node's stream ``addAbortSignal``: abort → destroy(AbortError)."""
    def on_abort(*_):
        if not sock.destroyed:
            sock.destroy(errors.AbortError(cause=signal.reason))
    if signal.aborted:
        sock._aborted_early = True
        on_abort()
        return
    signal.once('abort', on_abort)
    sock.once('close', lambda *_: signal.remove_listener('abort', on_abort))


def _use_onread(sock, onread):
    """Node's onread: chunks go to the callback through one buffer, never to 'data'."""
    buffer, callback = onread['buffer'], onread['callback']
    if callable(buffer):
        buffer = buffer()  # Node: called once, when the handle is set up
    view = memoryview(buffer).cast('B')
    emit = sock.emit

    def on_data(chunk):
        for start in range(0, len(chunk), len(view)):
            piece = chunk[start:start + len(view)]
            view[:len(piece)] = piece
            if callback(len(piece), buffer) is False:
                sock.pause()
                # what this chunk still holds waits for resume() (Node reads no further)
                sock._rbuf = bytes(chunk[start + len(piece):]) + sock._rbuf
                return

    def emit_without_data(name, *args):
        if name == 'data':
            on_data(*args)
            return True
        return emit(name, *args)
    sock.emit = emit_without_data  # the read path calls sock.emit, or on_data alone
    sock.on('data', on_data)      # reading starts at 'connect', as in Node


def start_connect(sock: gnet.socket.net.Socket, args: tuple[Any, ...], kwargs: dict[str, Any],
                  _socket_options_done: bool = False) -> gnet.socket.net.Socket:
    """``sock.connect(...)``: validate now (raising Node's errors), then connect.

    An IP host connects on the socket's next task (Node's nextTick); a
    path connects at once; a name is looked up first. ``timeout`` (ms) is
    applied here (net.connect and tls.connect pass it), and so are the
    socket options of :func:`init_socket_options` when the socket was not
    made from these options (tls.connect).
    """
    if args and isinstance(args[0], dict) and args[0].get('timeout'):
        sock.set_timeout(args[0]['timeout'])  # (Node: before connect()'s own checks)
    options, callback = normalize_connect(args, kwargs)
    if getattr(sock, '_aborted_early', False):
        # Node 20 revives the socket its aborted signal destroyed and
        # connects anyway; gnet never connects it (a deliberate difference).
        return sock
    if not _socket_options_done and options.keys() & {'noDelay', 'keepAlive', 'signal'}:
        init_socket_options(sock, normalize_socket_options(options))
    if callback is not None:
        sock.once('connect', callback)
    if sock.destroyed:
        sock._undestroy()  # Node: connect() revives a destroyed socket
    if options.get('allowHalfOpen') is not None:
        sock._allow_half_open = bool(options['allowHalfOpen'])
    sock.connecting = True
    on_connected = lambda: _connected(sock)  # noqa: E731 - one closure per connect
    path = options.get('path')
    if path:
        happy_eyeballs.connect_single(sock, path, None, None, (None, None), on_connected)
        return sock
    host, port = options.get('host') or 'localhost', options['port']
    local = (options.get('localAddress'), options.get('localPort'))
    family = is_ip(host)
    if family:
        sock._defer(_connect_if_connecting, sock, host, port, family, local, on_connected)
        return sock
    _lookup_and_connect(sock, host, options, local, on_connected)
    return sock


def _connect_if_connecting(sock, host, port, family, local, on_connected):
    if sock.connecting and not sock.destroyed:
        happy_eyeballs.connect_single(sock, host, port, family, local, on_connected)


def _lookup_and_connect(sock, host, options, local, on_connected):
    """Node's ``lookupAndConnect`` / ``lookupAndConnectMultiple`` after validation."""
    family = options.get('family')
    if isinstance(family, str):
        family = {'IPv4': 4, 'IPv6': 6}.get(family, family)
    hints = options.get('hints') or 0
    if family not in (4, 6) and not hints:
        hints = _ADDRCONFIG
    multiple = family not in (4, 6) and not local[0] and options['autoSelectFamily']
    dns_options = {'family': family, 'hints': hints}
    if multiple:
        dns_options['all'] = True
    port = options['port']
    lookup = options.get('lookup') or dns_lookup

    in_connect = [True]

    def answered(err=None, address=None, address_family=None):
        # Node runs this wherever the lookup calls back: inside connect(),
        # or later in the caller's greenlet; a later call from the hub goes
        # to the socket's greenlet instead, as a listener may block.
        args = (sock, host, options, port, local, on_connected, err, address, address_family)
        step = _after_lookup_multiple if multiple else _after_lookup
        if in_connect[0] or getcurrent() is not sock._hub:
            step(*args)
        else:
            sock._defer(step, *args)
    if lookup is dns_lookup:  # its answer comes from a helper greenlet
        lookup(host, dns_options, lambda *args: sock._defer(answered, *args))
    else:
        lookup(host, dns_options, answered)
    in_connect[0] = False


def _after_lookup(sock, host, options, port, local, on_connected, err, ip, family):
    sock.emit('lookup', err, ip, family, host)
    if not sock.connecting or sock.destroyed:
        return  # destroyed while looking up
    if err is not None:
        error = err
    elif not is_ip(ip):
        error = errors.ERR_INVALID_IP_ADDRESS(ip)
    elif family not in (4, 6) or isinstance(family, bool):
        error = errors.ERR_INVALID_ADDRESS_FAMILY(family, options.get('host'), options.get('port'))
    else:
        happy_eyeballs.connect_single(sock, ip, port, family, local, on_connected)
        return
    sock._defer(happy_eyeballs.fail, sock, error)


def _after_lookup_multiple(sock, host, options, port, local, on_connected, err, addresses, *_):
    if not sock.connecting or sock.destroyed:
        return
    if err is not None:
        sock.emit('lookup', err, None, None, host)
        sock._defer(happy_eyeballs.fail, sock, err)
        return
    if isinstance(addresses, str):  # a lookup that answered (err, address, family)
        addresses = [{'address': addresses, 'family': _[0] if _ else None}]
    for entry in addresses:
        sock.emit('lookup', None, entry.get('address'), entry.get('family'), host)
        if not sock.connecting or sock.destroyed:
            return
    ordered = happy_eyeballs.order_addresses(addresses)
    if not ordered:
        first = addresses[0] if addresses else {}
        if not is_ip(first.get('address')):
            error = errors.ERR_INVALID_IP_ADDRESS(first.get('address'))
        else:
            error = errors.ERR_INVALID_ADDRESS_FAMILY(first.get('family'), options.get('host'),
                                                      options.get('port'))
        sock._defer(happy_eyeballs.fail, sock, error)
        return
    if len(ordered) == 1:
        happy_eyeballs.connect_single(sock, ordered[0]['address'], port, ordered[0]['family'],
                                      local, on_connected)
        return
    happy_eyeballs.connect_multiple(sock, ordered, port, local[1],
                                    options['autoSelectFamilyAttemptTimeout'], on_connected)


def dns_lookup(hostname, options, callback):
    """The default resolver, Node's ``dns.lookup(hostname, options, callback)``.

    *options*: ``family`` (0/4/6), ``hints`` (AI_* flags), ``all``. Calls
    ``callback(err, address, family)``, or ``callback(err, [{'address',
    'family'}, ...])`` with ``all``, in the system resolver's order
    (Node 20's 'verbatim'), from a helper greenlet; err is Node's
    ``getaddrinfo ENOTFOUND host`` error.
    """
    gevent.spawn(_resolve, hostname, options, callback)


def _resolve(hostname, options, callback):
    family = {4: _stdsocket.AF_INET, 6: _stdsocket.AF_INET6}.get(options.get('family'),
                                                                _stdsocket.AF_UNSPEC)
    try:
        infos = _gsocket.getaddrinfo(hostname, None, family, _stdsocket.SOCK_STREAM, 0,
                                     options.get('hints') or 0)
    except OSError as exc:
        err = errors.dns_error(exc, hostname)
        callback(err, None, None) if not options.get('all') else callback(err, None)
        return
    found = [{'address': info[4][0], 'family': 6 if info[0] == _stdsocket.AF_INET6 else 4}
             for info in infos]
    if options.get('all'):
        callback(None, found)
    else:
        callback(None, found[0]['address'], found[0]['family'])


def _connected(sock):
    """Connected: stored socket options, then 'connect' and 'ready', then queued writes.

    Node's afterConnect: TCP_NODELAY / SO_KEEPALIVE set before 'connect';
    writes made while connecting are handed to the kernel from inside
    'connect' (after the listeners added before them), so the connect
    callback runs before their callbacks and sees ``pending`` False; an
    end() made while connecting finishes after them.
    """
    sock._connect_cancel = None
    sock._connected = True
    if sock._family != _stdsocket.AF_UNIX:
        if sock._want_no_delay:
            sock.set_no_delay(True)
        enable, delay = sock._want_keep_alive
        if enable:
            sock.set_keep_alive(True, delay)
    # Node: the connect completes as an I/O event of its own, so accepts
    # already pending on a local server ('connection') come first.
    sock._loop.run_callback(sock._defer, _emit_connect, sock)


def _emit_connect(sock):
    if sock.destroyed:
        return
    sock.connecting = False
    sock.emit('connect')
    sock.emit('ready')
    if sock.destroyed:
        return
    if sock._queue:
        sock._start_flushing()
        sock._flush()
    if sock._ended and not sock._finished:
        if sock._queue:
            sock._shutdown_pending = True
        else:
            sock._loop.run_callback(sock._defer, sock._finish_end)
    sock._after_connect()
