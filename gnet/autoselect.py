"""The process-wide defaults of Node's ``autoSelectFamily`` (happy eyeballs).

Node 20: ``net.getDefaultAutoSelectFamily()`` is True (the
``--network-family-autoselection`` default) and the attempt timeout 250 ms;
``setDefaultAutoSelectFamilyAttemptTimeout`` raises a value below 10 to
10. :func:`gnet.connect` reads them when it starts connecting; the attempt
sequence itself is :mod:`gnet.happy_eyeballs`.
"""

from __future__ import annotations

from typing import Any

from gnet._validators import validate_boolean, validate_int32

__all__ = ['get_default_auto_select_family', 'set_default_auto_select_family',
           'get_default_auto_select_family_attempt_timeout',
           'set_default_auto_select_family_attempt_timeout', 'MIN_ATTEMPT_TIMEOUT']

#: The smallest attempt timeout, in ms (Node raises smaller values to this).
MIN_ATTEMPT_TIMEOUT = 10

_defaults: dict[str, Any] = {'family': True, 'timeout': 250}


def get_default_auto_select_family() -> bool:
    """Whether connects try every address a name resolves to (Node 20: True)."""
    return _defaults['family']


def set_default_auto_select_family(value: bool) -> None:
    """Set it; *value* must be a bool (ERR_INVALID_ARG_TYPE otherwise)."""
    validate_boolean(value, 'value')
    _defaults['family'] = value


def get_default_auto_select_family_attempt_timeout() -> int:
    """Milliseconds an attempt may take before the next address is tried (250)."""
    return _defaults['timeout']


def set_default_auto_select_family_attempt_timeout(value: int) -> None:
    """Set it, in ms: an int 1 to 2**31 - 1 (ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE); below 10 → 10."""
    validate_int32(value, 'value', 1)
    _defaults['timeout'] = max(int(value), MIN_ATTEMPT_TIMEOUT)
