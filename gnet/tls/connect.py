"""``gnet.tls.connect``: Node's ``tls.connect()``, a TLSSocket connecting then handshaking.

The TCP part is the plain socket's connect hand-off
(:meth:`gnet.Socket.connect`); the handshake follows 'connect' and
'ready' in the socket's driver (``TLSSocket._after_connect``), then
'secureConnect' (or 'error' with Node's code, then 'close').
"""

from __future__ import annotations

from typing import Any

from gnet.ip import is_ip
from gnet.tls import _openssl
from gnet.tls._context import client_context
from gnet.tls._options import check_connect_options, node_options, option
from gnet.tls.socket import TLSSocket

__all__ = ['connect']


def connect(*args: Any, **kwargs: Any) -> TLSSocket:
    """Node's ``tls.connect()``: a :class:`TLSSocket`, connecting then handshaking.

    Forms: ``connect(options, callback=None)``,
    ``connect(port, host=None, options=None, callback=None)``,
    ``connect(path, options=None, callback=None)``. With ``{'socket':
    plain}`` a connected plain gnet.Socket is upgraded in place
    (STARTTLS, :mod:`gnet.tls.starttls`) instead of connecting. Options: every
    ``net.connect`` option plus host, port, servername (SNI; default the
    host unless it is an IP), ca, cert, key, passphrase, pfx,
    rejectUnauthorized (default True), ALPNProtocols, checkServerIdentity,
    minVersion, maxVersion, ciphers, secureContext, session (bytes from
    'session' or get_session()), minDHSize (default 1024), and every
    createSecureContext option; refused ones raise ERR_TLS_OPTION_UNSUPPORTED
    (gnet.tls._options). *callback* is a once
    listener for 'secureConnect'. A bad certificate is emitted as 'error'
    with Node's code (UNABLE_TO_VERIFY_LEAF_SIGNATURE,
    DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED,
    ERR_TLS_CERT_ALTNAME_INVALID, ...), then 'close'(True).
    """
    options, callback = _split_tls_args(args, kwargs)
    check_connect_options(options)
    servername = option(options, 'servername')
    host = options.get('host')
    if servername is None and host and not is_ip(host):
        servername = host
    if servername is None and not host and not options.get('path'):
        servername = 'localhost'
    if servername and is_ip(servername):
        servername = None
    plain = options.get('socket')
    if plain is not None:   # STARTTLS: upgrade a connected plain socket
        sock = TLSSocket(plain, dict(options, isServer=False, servername=servername))
    else:
        sock = TLSSocket({key: options[key] for key in ('allowHalfOpen', 'highWaterMark')
                          if key in options})
        sock._start_tls(client_context(options), server_side=False,
                        server_hostname=servername)
    session = options.get('session')
    if session is not None and plain is None:  # (adopt() sets it for an upgrade)
        _openssl.set_session(sock._tls, session)  # Node too ignores one it cannot use
    if callback is not None:
        sock.once('secureConnect', callback)
    sock._tls_connect_options = options  # _after_connect() starts the handshake
    if plain is not None:
        sock._after_connect()  # connected already: the handshake, as a driver task
        return sock
    # Every option goes on to net's connect, as in Node (lookup, family, ...);
    # it takes what is its own.
    return sock.connect(options)


def _split_tls_args(args, kwargs):
    """tls.connect's argument forms → (options, callback)."""
    args = list(args)
    callback = kwargs.pop('callback', None)
    if args and callable(args[-1]):
        callback = args.pop()
    options = {}
    if args and isinstance(args[-1], dict):
        options = dict(args.pop())
    if args:
        first = args[0]
        if isinstance(first, str) and not first.isdigit():
            options['path'] = first
        else:
            options['port'] = first
            if len(args) > 1 and args[1] is not None:
                options['host'] = args[1]
    options.update(kwargs)
    return node_options(options), callback
