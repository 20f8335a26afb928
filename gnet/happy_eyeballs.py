"""Connection attempts: one address (Node's ``internalConnect``) or several in
turn (``internalConnectMultiple``, Node 20's autoSelectFamily / happy eyeballs).

One concept: turning resolved addresses into a connected descriptor on a
:class:`gnet.Socket`. Nothing here blocks a greenlet: connect(2) is
non-blocking, its completion is a hub I/O watcher, the attempt timeout a
hub timer, and every result is handed to the socket's own greenlet with
``_defer`` — so the socket's other events ('timeout', destroy(), writes)
run while it connects. A destroy() during an attempt cancels it through
``sock._connect_cancel`` (the watcher and timer stop before the fd closes).

Node 20's sequence, kept exactly:

* single address: [bind if localAddress/localPort] → 'connectionAttempt'
  (ip, port, family) → connect; a failure emits
  'connectionAttemptFailed'(ip, port, family, err), then 'error' and 'close'.
* several: the addresses are ordered by family, alternating, starting
  with the family of the first answer (each ip once); one attempt at a
  time: 'connectionAttempt', and unless it is the last, a timer of
  ``autoSelectFamilyAttemptTimeout`` ms whose expiry emits
  'connectionAttemptTimeout'(ip, port, family), closes that attempt
  (ETIMEDOUT is recorded) and starts the next; a failure emits
  'connectionAttemptFailed' and starts the next. When none is left the
  socket is destroyed with :class:`gnet.errors.NodeAggregateError` of
  every attempt's error. ``auto_select_family_attempted_addresses`` lists
  ``'ip:port'`` of each attempt.
"""

import _socket
import errno as _errno
import socket as _stdsocket

from gnet import errors

__all__ = ['connect_single', 'connect_multiple', 'order_addresses', 'fail']

_IN_PROGRESS = (_errno.EINPROGRESS, _errno.EAGAIN, _errno.EWOULDBLOCK)
_FAMILY = {4: _stdsocket.AF_INET, 6: _stdsocket.AF_INET6}
_ANY = {4: '0.0.0.0', 6: '::'}


def order_addresses(addresses):
    """Node's interleaving: [{'address', 'family'}, ...] → the attempt order.

    Only entries with a valid IP and family 4 or 6 are kept, each IP once;
    the family of the first kept entry goes first, then the families
    alternate while both have addresses left.
    """
    from gnet.ip import is_ip
    groups, seen, first = {4: [], 6: []}, set(), None
    for entry in addresses:
        ip, family = entry.get('address'), entry.get('family')
        if not (is_ip(ip) and family in (4, 6)) or isinstance(family, bool):
            continue
        first = first or family
        if ip not in seen:
            seen.add(ip)
            groups[family].append(entry)
    if first is None:
        return []
    one, two = groups[first], groups[10 - first]
    ordered = []
    for index in range(max(len(one), len(two))):
        ordered.extend(group[index] for group in (one, two) if index < len(group))
    return ordered


def fail(sock, err):
    """The connect failed: 'error'(err) then 'close'(True) (Node's destroy in connectErrorNT)."""
    if not sock.destroyed:
        sock.destroy(err)


def _replace_raw(sock, raw):
    """Give *sock* the descriptor of a new attempt; the previous one is closed (Node's
    ``kReinitializeHandle``)."""
    old = sock._raw
    if old is not None:
        for name in ('_read_watcher', '_write_watcher'):
            watcher = getattr(sock, name)
            if watcher is not None:
                watcher.stop()
                watcher.close()
                setattr(sock, name, None)
        sock._raw = None
        old.close()
    sock._peer = sock._sockname = None
    sock._attach(raw)


def _noop():
    """The hold watcher's callback; it is never signalled."""


class _Attempt:
    """One connect(2) in flight: its raw socket, completion watcher and timer."""

    __slots__ = ('sock', 'raw', 'watcher', 'timer', 'hold', 'address', 'port', 'family',
                 'local', 'on_done')

    def __init__(self, sock, raw, address, port, family, local, on_done):
        self.sock, self.raw = sock, raw
        self.address, self.port, self.family, self.local = address, port, family, local
        self.on_done = on_done
        self.watcher = self.timer = self.hold = None

    def start(self):
        """connect(2); 0 or an errno now, or None while in progress (watched)."""
        target = self.address if self.family is None else (self.address, self.port)
        try:
            code = self.raw.connect_ex(target)
        except OSError as exc:
            # errno None: Python's "AF_UNIX path too long" (newer Node: ENAMETOOLONG)
            return exc.errno if exc.errno is not None else _errno.ENAMETOOLONG
        if code not in _IN_PROGRESS:
            return code
        self.watcher = self.sock._io_watcher(2)
        self.watcher.start(self._writable)
        # libuv: a connect request keeps the loop alive even on an unref'd socket
        self.hold = self.sock._loop.async_()
        self.hold.start(_noop)
        return None

    def _writable(self):
        """Hub callback: the connect finished; its result goes to the socket's greenlet."""
        self.stop()
        code = self.raw.getsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_ERROR)
        self.sock._defer(self._done, code)

    def _done(self, code):
        if self.sock._connect_cancel == self.cancel:
            self.on_done(self, code)

    def arm_timer(self, ms, on_timeout):
        self.timer = self.sock._loop.timer(ms / 1000.0)
        self.timer.ref = False  # the socket itself holds the loop
        self.timer.start(self.sock._defer, on_timeout, self)

    def stop(self):
        for watcher in (self.watcher, self.timer, self.hold):
            if watcher is not None:
                watcher.stop()
                watcher.close()
        self.watcher = self.timer = self.hold = None

    #: destroy() while connecting: stop watching (the socket closes the fd).
    cancel = stop

    def error(self, code):
        """Node's ``ExceptionWithHostPort`` for this attempt (with local details)."""
        exc = errors.errno_exception(code, 'connect', self.address, self.port)
        local_address, local_port = self.local
        if local_address and local_port:
            exc.message += ' - Local (%s:%s)' % (local_address, local_port)
            exc.localAddress = exc.local_address = local_address
            exc.localPort = exc.local_port = local_port
        return exc


def _new_attempt(sock, address, port, family, local, on_done):
    """A fresh raw socket on *sock* (the previous attempt's is closed), bound if asked.

    Returns the attempt, or a ``bind`` error to report.
    """
    af = _stdsocket.AF_UNIX if family is None else _FAMILY[family]
    raw = _socket.socket(af, _stdsocket.SOCK_STREAM)  # the C type: see Server.do_read
    _replace_raw(sock, raw)
    local_address, local_port = local
    if local_address or local_port:
        local_address = local_address or _ANY[family]
        try:
            raw.bind((local_address, local_port or 0))
            bound = raw.getsockname()[1]
            if local_port and bound != local_port:  # Node's checkBindError
                raise OSError(_errno.EADDRINUSE, 'address in use')
        except OSError as exc:
            # an address of the other family: Python's gaierror, libuv's EINVAL
            code = exc.errno if isinstance(exc.errno, int) and exc.errno > 0 else _errno.EINVAL
            return errors.errno_exception(code, 'bind', local_address, local_port)
        local = (local_address, local_port)
    attempt = _Attempt(sock, raw, address, port, family, local, on_done)
    sock._connect_cancel = attempt.cancel
    return attempt


def connect_single(sock, address, port, family, local, on_connected):
    """Node's ``internalConnect``: one address (*family* 4, 6, or None for a path)."""
    attempt = _new_attempt(sock, address, port, family, local, None)
    if isinstance(attempt, OSError):
        fail(sock, attempt)
        return

    def done(attempt, code):
        if code:
            err = attempt.error(code)
            sock.emit('connectionAttemptFailed', address, port, family, err)
            fail(sock, err)
        else:
            on_connected()
    attempt.on_done = done
    sock.emit('connectionAttempt', address, port, family)
    if sock.destroyed or not sock.connecting:
        return
    code = attempt.start()
    if code is None:
        return
    if code and family is not None and code != _errno.ECONNREFUSED:
        fail(sock, attempt.error(code))  # libuv returns it at once: no 'connectionAttemptFailed'
    else:
        sock._defer(attempt._done, code)  # libuv reports these as the request's result


class _Sequence:
    """Node's ``context`` of internalConnectMultiple."""

    def __init__(self, sock, addresses, port, local_port, timeout, on_connected):
        self.sock, self.addresses, self.port = sock, addresses, port
        self.local_port, self.timeout, self.on_connected = local_port, timeout, on_connected
        self.current = 0
        self.errors = []

    def next(self):
        sock = self.sock
        if sock.destroyed or not sock.connecting:
            return
        if self.current == len(self.addresses):
            fail(sock, errors.NodeAggregateError(self.errors))  # (each attempt adds one)
            return
        entry = self.addresses[self.current]
        self.current += 1
        address, family = entry['address'], entry['family']
        attempt = _new_attempt(sock, address, self.port, family, (None, self.local_port),
                               self._done)
        if isinstance(attempt, OSError):
            self.errors.append(attempt)
            self.next()
            return
        sock.emit('connectionAttempt', address, self.port, family)
        if sock.destroyed or not sock.connecting:
            return
        sock._attempted_addresses.append('%s:%s' % (address, self.port))
        code = attempt.start()
        if code:
            err = attempt.error(code)
            self.errors.append(err)
            sock.emit('connectionAttemptFailed', address, self.port, family, err)
            self.next()
        elif code == 0:
            sock._defer(attempt._done, 0)
        elif self.current < len(self.addresses):
            attempt.arm_timer(self.timeout, self._timed_out)

    def _done(self, attempt, code):
        attempt.stop()
        if code:
            err = attempt.error(code)
            self.errors.append(err)
            self.sock.emit('connectionAttemptFailed', attempt.address, attempt.port,
                           attempt.family, err)
            self.next()
        else:
            self.on_connected()

    def _timed_out(self, attempt):
        if self.sock._connect_cancel != attempt.cancel:
            return
        attempt.stop()
        self.sock.emit('connectionAttemptTimeout', attempt.address, attempt.port, attempt.family)
        self.errors.append(attempt.error(_errno.ETIMEDOUT))
        self.next()


def connect_multiple(sock, addresses, port, local_port, timeout, on_connected):
    """Node's ``internalConnectMultiple`` over *addresses* (already ordered).

    *timeout* is the per-attempt timeout in ms (autoSelectFamilyAttemptTimeout).
    """
    sock._attempted_addresses = []
    _Sequence(sock, addresses, port, local_port, timeout, on_connected).next()
