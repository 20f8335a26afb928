"""``gnet.tls``: Node's ``tls.Server``, ``tls.TLSSocket`` and ``tls.connect``.

One concept: TLS on top of :class:`gnet.Socket` and :class:`gnet.Server`,
one module per part:

- :mod:`gnet.tls.socket` — :class:`TLSSocket`: an ``ssl.SSLObject`` over
  memory BIOs, plugged into the plain socket's read and write hooks (one
  read loop, one park, one write path, all in :mod:`gnet.socket`);
- :mod:`gnet.tls.server` — :class:`Server`, the handshake of each accepted
  connection, SNI;
- :mod:`gnet.tls.connect` — :func:`connect`, the client;
- :mod:`gnet.tls._features` — TLSSocket's state surface (sessions,
  keylog, keying material, Finished messages, the peer's chain);
- :mod:`gnet.tls._context` (options → ``ssl.SSLContext``),
  :mod:`gnet.tls._options` (options validated or refused),
  :mod:`gnet.tls._openssl` (what ``ssl`` lacks, from the same libssl),
  :mod:`gnet.tls._cert` (certificate display, host-name checks),
  :mod:`gnet.tls._errors` (Node's error codes).

Server events, in Node's order: 'connection'(tls_socket, before the
handshake; Node passes the raw TCP socket there), then
'secureConnection'(tls_socket) or 'tlsClientError'(err, tls_socket) — the
latter with the socket already destroyed. Client: 'connect', 'ready', then
'secureConnect' (or 'error' with Node's code, then 'close').
"""

from gnet.tls._cert import check_server_identity
from gnet.tls._context import (DEFAULT_CIPHERS, DEFAULT_ECDH_CURVE, DEFAULT_MAX_VERSION,
                               DEFAULT_MIN_VERSION, SecureContext, create_secure_context)
from gnet.tls._errors import TLSError
from gnet.tls.connect import connect
from gnet.tls.server import DEFAULT_HANDSHAKE_TIMEOUT, Server, create_server
from gnet.tls.socket import TLSSocket

__all__ = ['TLSSocket', 'Server', 'SecureContext', 'TLSError', 'connect', 'create_server',
           'createServer', 'create_secure_context', 'createSecureContext',
           'check_server_identity', 'checkServerIdentity', 'DEFAULT_HANDSHAKE_TIMEOUT',
           'DEFAULT_CIPHERS', 'DEFAULT_ECDH_CURVE', 'DEFAULT_MIN_VERSION', 'DEFAULT_MAX_VERSION']

createServer = create_server
createSecureContext = create_secure_context
checkServerIdentity = check_server_identity
