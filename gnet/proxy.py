"""The PROXY protocol, versions 1 and 2 (HAProxy's ``proxy-protocol.txt``).

One concept lives here: the header a load balancer sends before the
client's bytes, telling the server who the client really is. Three layers:

* a pure parser, :func:`parse_proxy_header` (bytes in, a
  :class:`ProxyHeader` or "need more" out; no I/O), and the matching
  writers :func:`format_v1` / :func:`format_v2` (for clients and tests);
* :func:`validate_proxy_options`, called by ``Server.__init__`` when the
  ``proxyProtocol`` option is set;
* :func:`read_proxy_header`, called by the server in each connection's
  greenlet before 'connection' is emitted.

Server options: ``proxyProtocol`` ('v1', 'v2' or 'any'), ``trustedProxies``
(addresses or CIDRs — required when the option is on — plus the word
``'unix'`` to trust Unix-socket peers) and ``proxyHeaderTimeout`` (ms,
default 3000). A connection from an untrusted address, a malformed or
missing header, or a header that does not arrive in time is destroyed and
the server emits ``'proxyError'(err, info)``; such a connection never
reaches 'connection' and its bytes are never treated as data.

After a PROXY command, ``remote_address`` / ``remote_port`` /
``remote_family`` report the original client; ``proxy_address`` /
``proxy_port`` keep the balancer's own end, and ``proxy_header`` the parsed
header (TLVs included). A LOCAL command (a health check), an UNSPEC/UNKNOWN
family or a UNIX family keeps the balancer's own address as the remote one.
"""

from __future__ import annotations

import ipaddress
import socket as _stdsocket
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # gnet.server imports this module
    import gnet.server
    import gnet.socket

from gevent import Timeout

from gnet import errors

__all__ = [
    'ProxyHeader', 'ProxyProtocolError', 'parse_proxy_header', 'format_v1', 'format_v2',
    'validate_proxy_options', 'read_proxy_header',
    'V2_SIGNATURE', 'V1_MAX_LENGTH', 'DEFAULT_HEADER_TIMEOUT',
]

#: The 12 bytes every version 2 header starts with.
V2_SIGNATURE = b'\r\n\r\n\x00\r\nQUIT\n'
#: The longest version 1 line, CRLF included (the spec's 107).
V1_MAX_LENGTH = 107
#: Milliseconds a trusted peer has to send its whole header (proxyHeaderTimeout).
DEFAULT_HEADER_TIMEOUT = 3000
#: Bytes asked of one peek while the header is incomplete.
PEEK_SIZE = 4096

_V1_PREFIX = b'PROXY '
_V2_FAMILIES = {0: 'UNSPEC', 1: 'IPv4', 2: 'IPv6', 3: 'UNIX'}
_V2_PROTOCOLS = {0: 'UNSPEC', 1: 'STREAM', 2: 'DGRAM'}
_V2_ADDRESS_SIZES = {'UNSPEC': 0, 'IPv4': 12, 'IPv6': 36, 'UNIX': 216}
_VERSIONS = ('v1', 'v2', 'any')


class ProxyProtocolError(errors.NodeError, ValueError):
    """A connection failed the PROXY protocol; ``code`` says how.

    ``ERR_PROXY_PROTOCOL_INVALID`` (malformed, wrong version or missing
    header), ``ERR_PROXY_PROTOCOL_TIMEOUT`` (not complete within
    proxyHeaderTimeout), ``ERR_PROXY_PROTOCOL_CLOSED`` (the peer closed or
    reset before the header was complete), ``ERR_PROXY_PROTOCOL_UNTRUSTED``
    (the peer is not in trustedProxies). ``received`` counts the header
    bytes that had arrived: a ``CLOSED`` error with none is what a load
    balancer's health check (connect, then close or reset) causes.
    """

    def __init__(self, message: str, code: str = 'ERR_PROXY_PROTOCOL_INVALID',
                 received: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.received = received


@dataclass(frozen=True)
class ProxyHeader:
    """One parsed header.

    ``version`` 1 or 2; ``command`` 'PROXY' or 'LOCAL' (v1 is always
    'PROXY'); ``family`` 'IPv4', 'IPv6', 'UNIX' or 'UNSPEC' (v1's UNKNOWN);
    ``protocol`` 'STREAM', 'DGRAM' or 'UNSPEC'; source and destination
    addresses (str; a path for UNIX) and ports (int; None for UNIX and
    UNSPEC); ``tlvs`` a tuple of ``(type, value_bytes)`` (v2 only).
    """

    #: 1 or 2.
    version: int
    #: ``'PROXY'`` or ``'LOCAL'`` (v1 is always ``'PROXY'``).
    command: str
    #: ``'IPv4'``, ``'IPv6'``, ``'UNIX'`` or ``'UNSPEC'`` (v1's UNKNOWN).
    family: str
    #: ``'STREAM'``, ``'DGRAM'`` or ``'UNSPEC'``.
    protocol: str
    #: The client's address (a path for UNIX); None for UNSPEC.
    source_address: str | None = None
    #: The client's port; None for UNIX and UNSPEC.
    source_port: int | None = None
    #: The address the client connected to (the balancer's; a path for UNIX).
    destination_address: str | None = None
    #: The port the client connected to; None for UNIX and UNSPEC.
    destination_port: int | None = None
    #: v2's type-length-value extensions: ``((type, value_bytes), ...)``.
    tlvs: tuple[tuple[int, bytes], ...] = ()

    @property
    def is_local(self) -> bool:
        """True when the connection's own endpoints must be used (LOCAL, UNSPEC)."""
        return self.command == 'LOCAL' or self.family == 'UNSPEC'


# --- the pure parser -------------------------------------------------------------

def parse_proxy_header(data: bytes | bytearray | memoryview, version: str = 'any',
                       max_v2_length: int = 65535) -> tuple[ProxyHeader, int] | None:
    """Parse the PROXY header at the start of *data*.

    Returns ``(header, consumed)`` once the whole header is in *data*
    (``consumed`` bytes belong to it; the rest is the client's), or None
    when *data* is a valid but incomplete prefix — in which case every
    byte of *data* belongs to the header, so a reader may consume it all.
    Raises :class:`ProxyProtocolError` as soon as *data* cannot start a
    valid header of *version* ('v1', 'v2' or 'any'), including a v1 line
    longer than 107 bytes and a v2 header longer than 16 + *max_v2_length*.
    """
    data = bytes(data)
    if version == 'v1' or (version == 'any' and data[:1] == b'P'):
        return _parse_v1(data)
    if version == 'v2' or (version == 'any' and data[:1] == b'\r'):
        return _parse_v2(data, max_v2_length)
    if not data:
        return None
    raise _invalid('no PROXY protocol header (got %r)' % data[:16])


def _invalid(message: str) -> ProxyProtocolError:
    return ProxyProtocolError('PROXY protocol: ' + message)


def _parse_v1(data: bytes) -> tuple[ProxyHeader, int] | None:
    head = data[:len(_V1_PREFIX)]
    if head != _V1_PREFIX[:len(head)]:
        raise _invalid('v1 header must start with "PROXY " (got %r)' % data[:16])
    end = data.find(b'\r\n', 0, V1_MAX_LENGTH)
    window = data[:V1_MAX_LENGTH] if end < 0 else data[:end]
    # Printable ASCII only (a lone CR at the very end may be half a CRLF).
    body = window[:-1] if end < 0 and window.endswith(b'\r') else window
    if any(byte < 0x20 or byte > 0x7e for byte in body):
        raise _invalid('v1 header contains a non-printable byte')
    if end < 0:
        if len(data) >= V1_MAX_LENGTH:
            raise _invalid('v1 header longer than %d bytes' % V1_MAX_LENGTH)
        return None
    fields = data[len(_V1_PREFIX):end].decode('ascii').split(' ')
    proto = fields[0]
    if proto == 'UNKNOWN':  # the spec: ignore whatever follows
        return ProxyHeader(1, 'PROXY', 'UNSPEC', 'UNSPEC'), end + 2
    if proto not in ('TCP4', 'TCP6'):
        raise _invalid('v1 protocol must be TCP4, TCP6 or UNKNOWN (got %r)' % proto)
    if len(fields) != 5:
        raise _invalid('v1 %s header needs 4 fields separated by single spaces' % proto)
    family = _stdsocket.AF_INET if proto == 'TCP4' else _stdsocket.AF_INET6
    src, dst = (_v1_address(family, text) for text in fields[1:3])
    sport, dport = (_v1_port(text) for text in fields[3:5])
    return ProxyHeader(1, 'PROXY', 'IPv4' if proto == 'TCP4' else 'IPv6', 'STREAM',
                       src, sport, dst, dport), end + 2


def _v1_address(family: int, text: str) -> str:
    try:
        return _stdsocket.inet_ntop(family, _stdsocket.inet_pton(family, text))
    except (OSError, ValueError):
        raise _invalid('v1 header has an invalid address %r' % text) from None


def _v1_port(text: str) -> int:
    # Decimal 0..65535, no sign, no leading zero (inet_pton's strictness).
    if not text.isdigit() or not text.isascii() or (len(text) > 1 and text[0] == '0') \
            or int(text) > 65535:
        raise _invalid('v1 header has an invalid port %r' % text)
    return int(text)


def _parse_v2(data: bytes, max_v2_length: int) -> tuple[ProxyHeader, int] | None:
    head = data[:12]
    if head != V2_SIGNATURE[:len(head)]:
        raise _invalid('v2 header has a wrong signature')
    if len(data) < 13:
        return None
    if data[12] >> 4 != 2:
        raise _invalid('v2 header has version %d, not 2' % (data[12] >> 4))
    command = data[12] & 0x0f
    if command > 1:
        raise _invalid('v2 header has an unknown command 0x%x' % command)
    if len(data) < 14:
        return None
    family = _V2_FAMILIES.get(data[13] >> 4)
    protocol = _V2_PROTOCOLS.get(data[13] & 0x0f)
    if family is None or protocol is None:
        raise _invalid('v2 header has an unknown family/protocol byte 0x%02x' % data[13])
    if len(data) < 16:
        return None
    (length,) = struct.unpack_from('!H', data, 14)
    if length > max_v2_length:
        raise _invalid('v2 header longer than %d bytes' % (16 + max_v2_length))
    total = 16 + length
    if len(data) < total:
        return None
    if command == 0:  # LOCAL: the spec says ignore the address block
        return ProxyHeader(2, 'LOCAL', family, protocol), total
    size = _V2_ADDRESS_SIZES[family]
    if length < size:
        raise _invalid('v2 %s address block needs %d bytes, header has %d'
                       % (family, size, length))
    block = data[16:16 + size]
    if family == 'IPv4':
        src, dst = (_stdsocket.inet_ntop(_stdsocket.AF_INET, block[i:i + 4]) for i in (0, 4))
        sport, dport = struct.unpack_from('!HH', block, 8)
    elif family == 'IPv6':
        src, dst = (_stdsocket.inet_ntop(_stdsocket.AF_INET6, block[i:i + 16]) for i in (0, 16))
        sport, dport = struct.unpack_from('!HH', block, 32)
    elif family == 'UNIX':
        src, dst = (_unix_path(block[i:i + 108]) for i in (0, 108))
        sport = dport = None
    else:
        src = dst = sport = dport = None  # type: ignore[assignment]  # (UNSPEC: no addresses)
    tlvs = _parse_tlvs(data[16 + size:total])
    return ProxyHeader(2, 'PROXY', family, protocol, src, sport, dst, dport, tlvs), total


def _unix_path(raw: bytes) -> str:
    return raw.split(b'\0', 1)[0].decode('utf-8', 'surrogateescape')


def _parse_tlvs(block: bytes) -> tuple[tuple[int, bytes], ...]:
    tlvs = []
    offset = 0
    while offset < len(block):
        if len(block) - offset < 3:
            raise _invalid('v2 header has a truncated TLV')
        kind, size = block[offset], struct.unpack_from('!H', block, offset + 1)[0]
        offset += 3
        if offset + size > len(block):
            raise _invalid('v2 TLV 0x%02x overruns the header' % kind)
        tlvs.append((kind, block[offset:offset + size]))
        offset += size
    return tuple(tlvs)


# --- writers ----------------------------------------------------------------------------

def format_v1(source: tuple[str, int] | None = None, destination: Any = None) -> bytes:
    """A version 1 line for ``(address, port)`` pairs; UNKNOWN when None.

    *destination* is an ``(address, port)`` pair, required with a *source*.
    """
    if source is None:
        return b'PROXY UNKNOWN\r\n'
    proto = 'TCP6' if ':' in source[0] else 'TCP4'
    return ('PROXY %s %s %s %d %d\r\n' % (proto, source[0], destination[0], source[1],
                                          destination[1])).encode('ascii')


def format_v2(source: tuple[str, int] | str | None = None, destination: Any = None,
              command: str = 'PROXY', tlvs: Sequence[tuple[int, bytes]] = ()) -> bytes:
    """A version 2 header for ``(address, port)`` pairs (or Unix paths).

    *destination* is of the same kind as *source* (required with it).
    ``command='LOCAL'`` (or no source) gives an UNSPEC header; *tlvs* is a
    sequence of ``(type, bytes)``.
    """
    if command == 'LOCAL' or source is None:
        family, block = 0x00, b''
    elif isinstance(source, str):
        family = 0x30
        block = source.encode().ljust(108, b'\0') + destination.encode().ljust(108, b'\0')
    elif ':' in source[0]:
        family = 0x20
        block = (_stdsocket.inet_pton(_stdsocket.AF_INET6, source[0]) +
                 _stdsocket.inet_pton(_stdsocket.AF_INET6, destination[0]) +
                 struct.pack('!HH', source[1], destination[1]))
    else:
        family = 0x10
        block = (_stdsocket.inet_pton(_stdsocket.AF_INET, source[0]) +
                 _stdsocket.inet_pton(_stdsocket.AF_INET, destination[0]) +
                 struct.pack('!HH', source[1], destination[1]))
    block += b''.join(struct.pack('!BH', kind, len(value)) + value for kind, value in tlvs)
    ver_cmd = 0x20 if command == 'LOCAL' else 0x21
    transport = 0x00 if family == 0 else 0x01
    return V2_SIGNATURE + struct.pack('!BBH', ver_cmd, family | transport, len(block)) + block


# --- server options ------------------------------------------------------------------

@dataclass(frozen=True)
class _Config:
    version: str
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    trust_unix: bool
    timeout: float       # seconds


def validate_proxy_options(options: dict[str, Any]) -> None:
    """Check and compile the proxy options of a server (raises at once).

    ``proxyProtocol`` must be 'v1', 'v2' or 'any'; ``trustedProxies`` a
    non-empty address/CIDR string or list of them (``'unix'`` trusts Unix
    socket peers); ``proxyHeaderTimeout`` a positive number of ms. The
    compiled form is stored in *options* under ``'_proxyConfig'``.
    """
    version = options.get('proxyProtocol')
    if version not in _VERSIONS:
        raise errors.ERR_INVALID_ARG_VALUE('options.proxyProtocol', version,
                                           "must be one of 'v1', 'v2', 'any'")
    trusted = options.get('trustedProxies')
    if isinstance(trusted, str):
        trusted = [trusted]
    if not trusted:
        raise errors.ERR_INVALID_ARG_VALUE(
            'options.trustedProxies', options.get('trustedProxies'),
            'must list the proxies allowed to send a PROXY header (addresses or CIDRs)')
    networks = []
    trust_unix = False
    for entry in trusted:
        if entry == 'unix':
            trust_unix = True
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except (TypeError, ValueError):
            raise errors.ERR_INVALID_ARG_VALUE('options.trustedProxies', entry,
                                               'is not an address or CIDR') from None
    timeout = options.get('proxyHeaderTimeout')
    if timeout is None:
        timeout = DEFAULT_HEADER_TIMEOUT
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise errors.ERR_INVALID_ARG_VALUE('options.proxyHeaderTimeout', timeout,
                                           'must be a positive number of milliseconds')
    options['_proxyConfig'] = _Config(version, tuple(networks), trust_unix, timeout / 1000.0)


def _is_trusted(config: _Config, family: int | None, peer: Any) -> bool:
    if family == _stdsocket.AF_UNIX:
        return config.trust_unix
    try:
        address = ipaddress.ip_address(peer[0].split('%', 1)[0])
    except (TypeError, ValueError, IndexError):
        return False
    mapped = getattr(address, 'ipv4_mapped', None)
    candidates = (address, mapped) if mapped is not None else (address,)
    return any(a in net for a in candidates for net in config.networks
               if a.version == net.version)


# --- reading the header off a connection ----------------------------------------------

def read_proxy_header(server: gnet.server.Server, sock: gnet.socket.Socket) -> bool:
    """Read and apply the PROXY header of an accepted connection.

    Runs in the connection's greenlet before 'connection'. Returns True
    when the connection may go on (its remote address rewritten for a
    PROXY command); otherwise the socket is destroyed, the server emits
    ``'proxyError'(err, info)`` — *info* holds the peer's and our
    addresses, Node 'drop' style — and False is returned. Only the
    header's bytes are consumed: the client's first bytes stay queued.
    """
    config = server._options.get('_proxyConfig')
    if config is None:
        validate_proxy_options(server._options)
        config = server._options['_proxyConfig']
    raw = sock._raw
    try:
        peer = raw.getpeername()
        local = raw.getsockname()
    except OSError as exc:
        return _reject(server, sock, ProxyProtocolError(
            'PROXY protocol: connection closed before the header (%s)' % exc,
            'ERR_PROXY_PROTOCOL_CLOSED'), None, None)
    if not _is_trusted(config, sock._family, peer):
        return _reject(server, sock, ProxyProtocolError(
            'PROXY protocol: %s is not a trusted proxy' % (peer[0] if peer else 'peer'),
            'ERR_PROXY_PROTOCOL_UNTRUSTED'), peer, local)
    try:
        with Timeout(config.timeout, ProxyProtocolError(
                'PROXY protocol: no complete header within %d ms' % (config.timeout * 1000),
                'ERR_PROXY_PROTOCOL_TIMEOUT')):
            header = _receive(sock, raw, config.version)
    except ProxyProtocolError as exc:
        return _reject(server, sock, exc, peer, local)
    except OSError as exc:
        return _reject(server, sock, ProxyProtocolError(
            'PROXY protocol: connection failed before the header (%s)' % exc,
            'ERR_PROXY_PROTOCOL_CLOSED'), peer, local)
    sock.proxy_header = header
    if isinstance(peer, tuple):
        sock._proxy = (peer[0], peer[1])
    if header.is_local or header.family == 'UNIX':
        return True  # the balancer's own address stays the remote one
    sock._peer = (header.source_address, header.source_port)
    sock._peer_family = _stdsocket.AF_INET6 if header.family == 'IPv6' else _stdsocket.AF_INET
    return True


def _receive(sock: gnet.socket.Socket, raw: Any, version: str) -> ProxyHeader:
    """Peek, parse, then take exactly the header's bytes off the socket."""
    taken = b''
    while True:
        try:
            chunk = raw.recv(PEEK_SIZE, _stdsocket.MSG_PEEK)
        except BlockingIOError:
            sock._wait(1)
            continue
        if not chunk:
            raise ProxyProtocolError(
                'PROXY protocol: connection closed before the header was complete'
                if taken else 'PROXY protocol: connection closed without a header',
                'ERR_PROXY_PROTOCOL_CLOSED', len(taken))
        data = taken + chunk
        result = parse_proxy_header(data, version)
        if result is not None:
            header, used = result
            _take(raw, used - len(taken))
            return header
        # Incomplete: all of it is header, so consume it and wait for more
        # (peeking again without consuming would spin on a readable fd).
        _take(raw, len(chunk))
        taken = data


def _take(raw: Any, count: int) -> None:
    """Remove *count* already-peeked bytes from the socket (they are queued)."""
    while count > 0:
        count -= len(raw.recv(count))


def _reject(server: gnet.server.Server, sock: gnet.socket.Socket, err: ProxyProtocolError,
            peer: Any, local: Any) -> bool:
    sock.destroy()
    info: dict[str, Any] = {}
    if isinstance(peer, tuple) and isinstance(local, tuple):
        family = 'IPv6' if sock._family == _stdsocket.AF_INET6 else 'IPv4'
        info = {'localAddress': local[0], 'localPort': local[1], 'localFamily': family,
                'remoteAddress': peer[0], 'remotePort': peer[1], 'remoteFamily': family}
    server._emit_server('proxyError', err, info)
    return False
