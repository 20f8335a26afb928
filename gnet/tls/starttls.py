"""STARTTLS: a TLSSocket taking over a connected plain :class:`gnet.Socket`.

One concept: Node's ``new tls.TLSSocket(socket, options)`` and
``tls.connect({'socket': socket, ...})`` — SMTP, IMAP, PostgreSQL-style
upgrades — on either side. The plain socket's descriptor moves to the
TLSSocket (its watchers stop; no byte is read twice or lost): the bytes
it had read but not delivered (its read-ahead, or what ``unshift()`` put
back) are the first the TLS layer sees, and what it still had queued for
the kernel is sent before the first TLS byte. The plain socket then
stays open but silent, as Node's does, and closes (``'close'``) when the
TLSSocket is destroyed — just before the TLSSocket's own 'close', in
Node's order.

Which side (Node's): ``isServer`` true → the handshake starts at once and
the TLSSocket emits 'secure' (with ``authorized`` / ``authorizationError``
per ``requestCert`` / ``rejectUnauthorized``), or 'error'; otherwise a
client that waits for :func:`gnet.tls.connect` (``{'socket': ...}``) to
start its handshake, then 'secureConnect' and 'secure'.
"""

from gnet import errors
from gnet.tls import _openssl
from gnet.tls._cert import verify_result
from gnet.tls._context import client_context, server_context
from gnet.tls._errors import ERR_TLS_OPTION_UNSUPPORTED
from gnet.tls._options import check_connect_options, node_options, option

__all__ = ['adopt', 'release_plain', 'server_handshake', 'starttls_options']


#: TLSSocket(socket, options) options gnet refuses on an upgraded socket (why).
_REFUSED_HERE = {
    'SNICallback': 'SNI callbacks need a tls.Server; use secureContext',
    'ALPNCallback': 'ALPN callbacks need a tls.Server; use ALPNProtocols',
    'server': "the events of a tls.Server are not relayed from a wrapped socket",
}


def starttls_options(options):
    """The context options of ``TLSSocket(socket, options)``: Node's names, checked.

    Raises ERR_TLS_OPTION_UNSUPPORTED for an option that needs a tls.Server.
    """
    options = node_options(options)
    check_connect_options(options)
    for name, why in _REFUSED_HERE.items():
        if options.get(name) is not None:
            raise ERR_TLS_OPTION_UNSUPPORTED(name, why)
    return options


def adopt(tls_sock, plain, options):
    """Move *plain*'s connection into *tls_sock* and set up its TLS side.

    *plain* must be a connected, open gnet.Socket (not already a TLSSocket's);
    raises ERR_INVALID_ARG_TYPE / ERR_SOCKET_CLOSED otherwise.
    """
    from gnet.socket import Socket
    if not isinstance(plain, Socket):
        raise errors.ERR_INVALID_ARG_TYPE('socket', 'an instance of net.Socket', plain)
    if plain.destroyed or plain._raw is None or not plain._connected:
        raise errors.ERR_SOCKET_CLOSED()
    server_side = bool(option(options, 'isServer', 'is_server'))
    context = server_context(options) if server_side else client_context(options)
    leftover, plain._rbuf = plain._rbuf, b''
    unsent = [entry[0] for entry in plain._queue or ()]
    callbacks = [entry[1] for entry in plain._queue or () if entry[1] is not None]
    plain._queue, plain._queued = None, 0
    raw = _retire(plain)
    tls_sock._attach(raw)
    tls_sock._connected = True
    tls_sock._peer, tls_sock._sockname = plain._peer, plain._sockname
    tls_sock._allow_half_open = plain._allow_half_open
    tls_sock._plain = plain
    servername = option(options, 'servername')
    tls_sock._start_tls(context, server_side=server_side,
                        server_hostname=servername if not server_side else None)
    if unsent:
        tls_sock._defer(_flush_plain, tls_sock, b''.join(bytes(d) for d in unsent), callbacks)
    if leftover:
        tls_sock._incoming.write(leftover)
    if server_side:
        tls_sock._defer(server_handshake, tls_sock, options)
    elif options.get('session') is not None:
        _openssl.set_session(tls_sock._tls, options['session'])


def _retire(plain):
    """Stop *plain* reading and watching; return its descriptor's socket (still open).

    Its addresses stay readable (cached first), as a wrapped Node socket's do.
    """
    plain._peername()
    plain._localname()
    raw, plain._raw = plain._raw, None
    plain._release_fd()          # watchers, reaper, keep-alive; raw is ours now
    plain._read_ended = True     # its driver parks until 'close'
    plain._end_emitted = True    # the stream goes on encrypted: no 'end' here
    return raw


def _flush_plain(tls_sock, data, callbacks):
    """What the plain socket had queued leaves before the first TLS byte."""
    try:
        tls_sock._send_raw(data)
    except OSError as exc:
        error = errors.system_error(exc, 'write') if not isinstance(exc, errors.NodeError) \
            else exc
        for callback in callbacks:
            tls_sock._plain._defer(callback, error)
        return
    for callback in callbacks:
        tls_sock._plain._defer(callback, None)


def release_plain(tls_sock):
    """The TLSSocket is being destroyed: the plain socket closes now (Node's order)."""
    plain = tls_sock._plain
    if plain is not None and not plain.destroyed:
        tls_sock._plain = None
        plain._destroy(None, emit_error=False)


def server_handshake(tls_sock, options):
    """A driver task: the server side of an upgraded connection, then 'secure'."""
    if tls_sock.destroyed:
        return
    if not tls_sock._handshake_or_destroy():
        return
    if option(options, 'requestCert', 'request_cert'):
        tls = tls_sock._tls
        if tls.getpeercert(binary_form=True):
            error = verify_result(tls)
            tls_sock._authorized = error is None
            tls_sock._authorization_error = error.code if error is not None else None
        else:
            error = None
            tls_sock._authorization_error = 'UNABLE_TO_GET_ISSUER_CERT'
        if error is not None and option(options, 'rejectUnauthorized', 'reject_unauthorized',
                                        default=True):
            tls_sock.destroy()
            return
    tls_sock._became_secure()
    tls_sock.emit('secure')
    if tls_sock._tickets_held:
        tls_sock._defer(tls_sock._flush_held_tickets)
