"""Address filtering: Node's ``net.SocketAddress`` and ``net.BlockList`` (Node 20).

One concept: deciding whether an IP address is in a set of rules. A
:class:`SocketAddress` is a validated (address, port, family, flowlabel);
a :class:`BlockList` holds address, range and subnet rules for IPv4 and
IPv6 and answers :meth:`BlockList.check`. The server's ``blockList``
option (:mod:`gnet.server`) uses it to drop connections.

Matching follows Node's native ``SocketAddressBlockList`` (src/node_sockaddr.cc):
an IPv4 address and an IPv4-mapped IPv6 address (``::ffff:a.b.c.d``) are
the same address; an IPv6 subnet rule matches an IPv4 address through its
mapped form (``::/0`` matches every IPv4 address); any other IPv6 address
never matches an IPv4 rule. Rules are listed newest first, in Node's
strings (``'Subnet: IPv4 10.0.0.0/8'``).

Deliberate difference: Node 20 aborts the process (a failed C++ assertion)
for an IPv6 flowlabel above 2**20 - 1 and for a string port; gnet raises
ERR_OUT_OF_RANGE for the first and accepts a numeric string port as
``validatePort`` does everywhere else.
"""

from __future__ import annotations

import socket as _stdsocket
from typing import Any

from gnet import errors
from gnet._args import validate_port
from gnet._validators import validate_int32, validate_object, validate_string, validate_uint32
from gnet.emitter import camel_aliases

__all__ = ['SocketAddress', 'BlockList', 'validate_block_list', 'blocks_peer']

_FAMILIES = {'ipv4': _stdsocket.AF_INET, 'ipv6': _stdsocket.AF_INET6}
_BITS = {'ipv4': 32, 'ipv6': 128}
_MAPPED_PREFIX = 0xFFFF << 32   # ::ffff:0:0/96, IPv4-mapped IPv6 addresses
_MAPPED_MASK = ((1 << 96) - 1) << 32

#: The largest IPv6 flow label (20 bits); Node 20 asserts on a larger one.
MAX_FLOWLABEL = (1 << 20) - 1


def _parse(address, family):
    """*address* as an int of *family* ('ipv4'/'ipv6'); ERR_INVALID_ADDRESS if it is not one.

    IPv6 may carry a ``%zone`` suffix, which is dropped (libuv's uv_inet_pton).
    """
    if family == 'ipv6' and '%' in address:
        address = address.split('%', 1)[0]
    try:
        packed = _stdsocket.inet_pton(_FAMILIES[family], address)
    except (OSError, ValueError):
        raise errors.ERR_INVALID_ADDRESS() from None
    return int.from_bytes(packed, 'big')


def _format(value, family):
    """inet_ntop's text (``::ffff:1.2.3.4`` for a mapped address, as libuv prints it)."""
    return _stdsocket.inet_ntop(_FAMILIES[family], value.to_bytes(_BITS[family] // 8, 'big'))


class SocketAddress:
    """``SocketAddress(options=None, **kw)``: Node's ``net.SocketAddress``.

    Options (or keywords): ``address`` (str; default '127.0.0.1' for
    'ipv4', '::' otherwise), ``port`` (0-65535, default 0), ``family``
    ('ipv4' default, or 'ipv6'; any case), ``flowlabel`` (uint32, default
    0; kept for IPv6 only, 0 for IPv4). Errors, in Node's order:
    ERR_INVALID_ARG_TYPE (options not a dict), ERR_INVALID_ARG_VALUE
    (family), ERR_INVALID_ARG_TYPE (address), ERR_SOCKET_BAD_PORT,
    ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE (flowlabel), ERR_INVALID_ADDRESS
    (not an address of that family). ``address`` is the normalised text
    (``'0:0::1'`` → ``'::1'``).
    """

    __slots__ = ('_family', '_value', '_port', '_flowlabel')

    def __init__(self, options: dict[str, Any] | None = None, **kw: Any) -> None:
        if options is None:
            options = {}
        validate_object(options, 'options')
        # None counts as absent (Python's default), where Node defaults undefined
        options = {key: value for key, value in dict(options, **kw).items() if value is not None}
        given = options.get('family', 'ipv4')
        address = options.get('address', '127.0.0.1' if given == 'ipv4' else '::')
        family = given.lower() if isinstance(given, str) else given
        if family not in _FAMILIES:
            raise errors.ERR_INVALID_ARG_VALUE('options.family', given)
        validate_string(address, 'options.address')
        port = validate_port(options.get('port', 0), 'options.port')
        flowlabel = options.get('flowlabel', 0)
        validate_uint32(flowlabel, 'options.flowlabel')
        if family == 'ipv6' and flowlabel > MAX_FLOWLABEL:
            raise errors.ERR_OUT_OF_RANGE('options.flowlabel', '>= 0 && <= %d' % MAX_FLOWLABEL,
                                          flowlabel)
        self._value = _parse(address, family)
        self._family = family
        self._port = port
        self._flowlabel = int(flowlabel) if family == 'ipv6' else 0

    @staticmethod
    def is_socket_address(value: object) -> bool:
        """Node's ``SocketAddress.isSocketAddress(value)``: True for a SocketAddress."""
        return isinstance(value, SocketAddress)

    @property
    def address(self) -> str:
        """The address, normalised (``'0:0::1'`` becomes ``'::1'``)."""
        return _format(self._value, self._family)

    @property
    def port(self) -> int:
        """The port, 0-65535."""
        return self._port

    @property
    def family(self) -> str:
        """'ipv4' or 'ipv6' (Node's lower-case names)."""
        return self._family

    @property
    def flowlabel(self) -> int:
        """The IPv6 flow label (a uint32); always 0 for IPv4."""
        return self._flowlabel

    def to_json(self) -> dict[str, Any]:
        """``{'address', 'port', 'family', 'flowlabel'}`` (Node's toJSON())."""
        return {'address': self.address, 'port': self.port, 'family': self.family,
                'flowlabel': self.flowlabel}

    toJSON = to_json
    isSocketAddress = is_socket_address

    def __repr__(self):
        # util.inspect's form, which Node's error messages embed
        return 'SocketAddress %s' % errors.js_inspect(self.to_json())

    def __eq__(self, other):
        return isinstance(other, SocketAddress) and self.to_json() == other.to_json()

    def __hash__(self):
        return hash((self._family, self._value, self._port, self._flowlabel))


def _as_ipv4(address):
    """The IPv4 int of an address (an IPv4-mapped IPv6 one too), or None."""
    if address._family == 'ipv4':
        return address._value
    if address._value & _MAPPED_MASK == _MAPPED_PREFIX:
        return address._value & 0xFFFFFFFF
    return None


def _compare(one, two):
    """-1/0/1 as Node's ``SocketAddress::compare``; None when not comparable."""
    if one._family == two._family:
        a, b = one._value, two._value
    else:
        a, b = _as_ipv4(one), _as_ipv4(two)
        if a is None or b is None:
            return None
    return (a > b) - (a < b)


def _in_subnet(address, network, prefix):
    if network._family == 'ipv6':
        value = address._value if address._family == 'ipv6' else _MAPPED_PREFIX | address._value
        bits, net = 128, network._value
    else:
        value = _as_ipv4(address)
        if value is None:
            return False
        bits, net = 32, network._value
    shift = bits - prefix
    return value >> shift == net >> shift


class _Rule:
    __slots__ = ('kind', 'first', 'last', 'prefix')

    def __init__(self, kind, first, last=None, prefix=None):
        self.kind, self.first, self.last, self.prefix = kind, first, last, prefix

    def matches(self, address):
        if self.kind == 'Address':
            return _compare(self.first, address) == 0
        if self.kind == 'Range':
            low, high = _compare(self.first, address), _compare(address, self.last)
            return low is not None and high is not None and low <= 0 and high <= 0
        return _in_subnet(address, self.first, self.prefix)

    def __str__(self):
        family = 'IPv4' if self.first.family == 'ipv4' else 'IPv6'
        if self.kind == 'Address':
            return 'Address: %s %s' % (family, self.first.address)
        if self.kind == 'Range':
            return 'Range: %s %s-%s' % (family, self.first.address, self.last.address)
        return 'Subnet: %s %s/%d' % (family, self.first.address, self.prefix)


def _socket_address(value, name, family):
    """A SocketAddress from a SocketAddress or (validated) address string."""
    if isinstance(value, SocketAddress):
        return value
    validate_string(value, name)
    validate_string(family, 'family')
    return SocketAddress({'address': value, 'family': family})


@camel_aliases({'addAddress': 'add_address', 'addRange': 'add_range',
                'addSubnet': 'add_subnet'})
class BlockList:
    """Node's ``net.BlockList``: rules for IPv4 and IPv6 addresses.

    Every method takes a :class:`SocketAddress` or an address string with
    its *family* ('ipv4' default, or 'ipv6'); a bad address raises
    ERR_INVALID_ADDRESS, a non-string ERR_INVALID_ARG_TYPE — except in
    :meth:`check`, where an address that does not parse is simply not
    blocked (False), as in Node.
    """

    def __init__(self) -> None:
        self._rules: list[Any] = []

    def add_address(self, address: str | SocketAddress, family: str = 'ipv4') -> None:
        """Block one address."""
        self._rules.insert(0, _Rule('Address', _socket_address(address, 'address', family)))

    def add_range(self, start: str | SocketAddress, end: str | SocketAddress,
                  family: str = 'ipv4') -> None:
        """Block *start* to *end* inclusive; ERR_INVALID_ARG_VALUE if start > end."""
        first = _socket_address(start, 'start', family)
        last = _socket_address(end, 'end', family)
        if _compare(first, last) == 1:
            raise errors.ERR_INVALID_ARG_VALUE('start', first, 'must come before end')
        self._rules.insert(0, _Rule('Range', first, last))

    def add_subnet(self, network: str | SocketAddress, prefix: int, family: str = 'ipv4') -> None:
        """Block *network*/*prefix* (0-32 for IPv4, 0-128 for IPv6: ERR_OUT_OF_RANGE)."""
        network = _socket_address(network, 'network', family)
        validate_int32(prefix, 'prefix', 0, _BITS[network.family])
        self._rules.insert(0, _Rule('Subnet', network, prefix=int(prefix)))

    def check(self, address: str | SocketAddress, family: str = 'ipv4') -> bool:
        """True if a rule matches *address* (False for an unparsable string)."""
        if not isinstance(address, SocketAddress):
            validate_string(address, 'address')
            validate_string(family, 'family')
            try:
                address = SocketAddress({'address': address, 'family': family})
            except errors.NodeError:
                return False
        return any(rule.matches(address) for rule in self._rules)

    @property
    def rules(self) -> list[str]:
        """Node's strings for the rules, newest first."""
        return [str(rule) for rule in self._rules]

    def __repr__(self):
        return 'BlockList %s' % errors.js_inspect({'rules': self.rules})


def validate_block_list(value, name='options.blockList'):
    """A server's or socket's ``blockList`` option: a :class:`BlockList` or None
    (ERR_INVALID_ARG_TYPE otherwise, as Node >= 22.13)."""
    if value is not None and not isinstance(value, BlockList):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'an instance of net.BlockList', value)
    return value


def blocks_peer(block_list, address):
    """True if *block_list* blocks the peer *address* (an accept() address tuple).

    Node >= 22.13's server check: only IP peers are checked, with their own
    family; a Unix-socket peer is never blocked.
    """
    from gnet.ip import is_ip
    if not isinstance(address, tuple):
        return False
    version = is_ip(address[0])
    return bool(version) and block_list.check(address[0], 'ipv%d' % version)
