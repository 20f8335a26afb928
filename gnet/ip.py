"""IP address recognition: Node's ``net.isIP``, ``isIPv4`` and ``isIPv6``."""

import socket as _stdsocket

__all__ = ['is_ip', 'is_ipv4', 'is_ipv6']


def is_ipv4(value: object) -> bool:
    """True for a dotted-quad IPv4 address (no leading zeros, as Node)."""
    if not isinstance(value, str) or value.count('.') != 3:
        return False
    parts = value.split('.')
    return all(p.isdigit() and p.isascii() and (p == '0' or not p.startswith('0'))
               and int(p) <= 255 for p in parts)


def is_ipv6(value: object) -> bool:
    """True for an IPv6 address, with an optional ``%zone`` suffix."""
    if not isinstance(value, str) or ':' not in value:
        return False
    address = value.split('%', 1)[0] if '%' in value else value
    if '%' in value and not value.split('%', 1)[1]:
        return False
    try:
        _stdsocket.inet_pton(_stdsocket.AF_INET6, address)
    except (OSError, ValueError):
        return False
    return True


def is_ip(value: object) -> int:
    """4 for IPv4, 6 for IPv6, 0 for anything else."""
    if is_ipv4(value):
        return 4
    if is_ipv6(value):
        return 6
    return 0
