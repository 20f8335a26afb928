"""Argument normalisation for listen(), connect() and create_server().

Pure functions, no I/O: Node's ``normalizeArgs`` and the validation steps of
``Server.prototype.listen`` (net.js), written so each rule can be unit
tested against Node's experiment 01. The server and the client turn the
result into syscalls.
"""

from __future__ import annotations

import math
import re
import socket as _stdsocket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gevent.baseserver import BaseServer

from gnet import errors
from gnet._validators import (validate_boolean, validate_function, validate_int32,
                              validate_number, validate_one_of, validate_string)
from gnet.ip import is_ip

__all__ = ['ListenRequest', 'normalize_listen', 'normalize_connect',
           'normalize_server_options', 'normalize_socket_options', 'js_number', 'validate_port',
           'is_pipe_name', 'camel_keys']

#: Python keyword names accepted for Node's camelCase option keys.
_SNAKE_TO_CAMEL = {
    'ipv6_only': 'ipv6Only', 'reuse_port': 'reusePort',
    'readable_all': 'readableAll', 'writable_all': 'writableAll',
    'allow_half_open': 'allowHalfOpen', 'pause_on_connect': 'pauseOnConnect',
    'no_delay': 'noDelay', 'keep_alive': 'keepAlive',
    'keep_alive_initial_delay': 'keepAliveInitialDelay',
    'high_water_mark': 'highWaterMark', 'local_address': 'localAddress',
    'local_port': 'localPort', 'proxy_protocol': 'proxyProtocol',
    'trusted_proxies': 'trustedProxies', 'proxy_header_timeout': 'proxyHeaderTimeout',
    'auto_select_family': 'autoSelectFamily',
    'auto_select_family_attempt_timeout': 'autoSelectFamilyAttemptTimeout',
    'block_list': 'blockList',
}


def camel_keys(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Python keyword arguments → Node option keys (``ipv6_only`` → ``ipv6Only``)."""
    return {_SNAKE_TO_CAMEL.get(key, key): value for key, value in kwargs.items()}


_NUMERIC = re.compile(r'[+-]?([0-9]+\.?[0-9]*([eE][+-]?[0-9]+)?|\.[0-9]+([eE][+-]?[0-9]+)?|Infinity)')
_RADIX_DIGITS = {16: re.compile('[0-9a-fA-F]+'), 8: re.compile('[0-7]+'), 2: re.compile('[01]+')}


def js_number(value: object) -> float:
    """JavaScript's ``Number(value)`` for the types listen() meets (NaN if not)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if value is None:
        return 0.0
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        lower = text.lower()
        for prefix, base in (('0x', 16), ('0o', 8), ('0b', 2)):
            if lower.startswith(prefix):
                digits = text[2:]
                if _RADIX_DIGITS[base].fullmatch(digits):
                    return float(int(digits, base))
                return math.nan
        if _NUMERIC.fullmatch(text):
            return float(text.replace('Infinity', 'inf'))
        return math.nan
    return math.nan


def _to_number(value: object) -> float | bool:
    """Node's ``toNumber``: the number if ``Number(x) >= 0``, else False."""
    number = js_number(value)
    return number if number >= 0 else False


def is_pipe_name(value: object) -> bool:
    """Node's ``isPipeName``: a string that is not a non-negative number."""
    return isinstance(value, str) and _to_number(value) is False


def validate_port(port: object, name: str = 'options.port') -> int:
    """Node's ``validatePort``: an int 0-65535 (numeric strings allowed)."""
    if isinstance(port, bool) or not isinstance(port, (int, float, str)):
        raise errors.ERR_SOCKET_BAD_PORT(port, name)
    if isinstance(port, str) and not port.strip():
        raise errors.ERR_SOCKET_BAD_PORT(port, name)
    number = js_number(port)
    if math.isnan(number) or math.isinf(number) or number != int(number) \
            or not 0 <= number <= 0xFFFF:
        raise errors.ERR_SOCKET_BAD_PORT(port, name)
    return int(number)


def _is_handle(value: object) -> bool:
    """A bound socket object, another server, or something with ``fileno()``."""
    if isinstance(value, dict):
        return False
    # A gevent server (gnet's included) has no fileno(); its socket is the handle.
    return hasattr(value, 'fileno') or isinstance(value, BaseServer)


@dataclass
class ListenRequest:
    """What a listen() call asks for, once normalised and validated.

    ``kind`` is one of ``'tcp'``, ``'path'``, ``'fd'``, ``'handle'``.
    """

    kind: str
    options: dict[str, Any]
    callback: Any = None
    port: int = 0
    host: str | None = None
    path: str | None = None
    fd: int | None = None
    handle: Any = None
    backlog: int | None = None
    signal: Any = None
    ipv6_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _split_args(args: tuple[Any, ...]) -> tuple[dict[str, Any], Any]:
    """Node's ``normalizeArgs``: (options, callback) from positional args."""
    if not args:
        return {}, None
    callback = args[-1] if callable(args[-1]) and not _is_handle(args[-1]) else None
    first = args[0]
    if isinstance(first, dict):
        options = dict(first)
    elif _is_handle(first):
        options = {'handle': first}
    elif is_pipe_name(first):
        options = {'path': first}
    else:
        options = {'port': first}
        if len(args) > 1 and isinstance(args[1], str):
            options['host'] = args[1]
    return options, callback


def normalize_listen(args: tuple[Any, ...],
                     kwargs: Mapping[str, Any] | None = None) -> ListenRequest:
    """Normalise ``listen(*args, **kwargs)`` into a :class:`ListenRequest`.

    Raises Node's errors for bad arguments (ERR_SOCKET_BAD_PORT,
    ERR_INVALID_ARG_VALUE, ERR_INVALID_ARG_TYPE); never touches a socket.
    """
    kwargs = dict(kwargs or {})
    kw_callback = kwargs.pop('callback', None)
    options, callback = _split_args(args)
    if kwargs:
        options.update(camel_keys(kwargs))
    callback = kw_callback or callback
    backlog_from_args = (_to_number(args[1]) if len(args) > 1 else False) or \
        (_to_number(args[2]) if len(args) > 2 else False)
    request = ListenRequest(kind='tcp', options=options, callback=callback)
    request.ipv6_only = options.get('ipv6Only') is True

    handle = options.get('_handle') or options.get('handle')
    if handle is not None and _is_handle(handle):
        request.kind, request.handle = 'handle', handle
        request.backlog = _backlog(options.get('backlog'), backlog_from_args)
        return request

    request.signal = options.get('signal')
    if 'signal' in options and not _is_abort_signal(request.signal):
        raise errors.ERR_INVALID_ARG_TYPE('options.signal', 'an instance of AbortSignal',
                                          request.signal)

    fd = options.get('fd')
    if isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0:
        request.kind, request.fd = 'fd', fd
        request.backlog = _backlog(options.get('backlog'), backlog_from_args)
        return request

    if not args and not kwargs or (args and callable(args[0])) or \
            ('port' in options and options['port'] is None):
        options['port'] = 0
    port = options.get('port')
    if isinstance(port, (int, float, str)) and not isinstance(port, bool):
        request.port = validate_port(port)
        request.backlog = _backlog(options.get('backlog'), backlog_from_args)
        host = options.get('host')
        if host and not isinstance(host, str):
            raise errors.ERR_INVALID_ARG_TYPE('hostname', 'string', host)
        request.host = host or None
        return request

    path = options.get('path')
    if 'port' not in options and is_pipe_name(path) and path:
        if path.startswith('\0') and (options.get('readableAll') or options.get('writableAll')):
            # Node's message, typo included ("writableAllt").
            raise errors.ERR_INVALID_ARG_VALUE(
                'options', options,
                'can not set readableAll or writableAllt to true when path is abstract unix socket')
        if '\0' in path and not path.startswith('\0'):
            # The kernel would bind the name cut at the NUL (Node 20 does so
            # silently), a file close() could then not find: refuse.
            raise errors.ERR_INVALID_ARG_VALUE('options.path', path, 'must not contain null bytes')
        request.kind, request.path = 'path', path
        request.backlog = _backlog(options.get('backlog'), backlog_from_args)
        return request

    if 'port' not in options and 'path' not in options:
        raise errors.ERR_INVALID_ARG_VALUE('options', options,
                                           'must have the property "port" or "path"')
    raise errors.ERR_INVALID_ARG_VALUE('options', options)


def _backlog(option_value: object, from_args: float | bool) -> int | None:
    """``options.backlog || backlogFromArgs`` (0/None fall back to the default)."""
    if option_value:
        return _to_int32(js_number(option_value))
    if from_args:
        return _to_int32(from_args)
    return None


def _to_int32(number: float) -> int:
    """JavaScript's ToInt32 for the backlog libuv receives (NaN, ±Infinity → 0)."""
    if math.isnan(number) or math.isinf(number):
        return 0
    wrapped = int(number) & 0xFFFFFFFF
    return wrapped - (1 << 32) if wrapped >= 1 << 31 else wrapped


def _is_abort_signal(value: object) -> bool:
    return value is not None and hasattr(value, 'aborted')


def normalize_connect(args: tuple[Any, ...], kwargs: Mapping[str, Any] | None = None
                      ) -> tuple[dict[str, Any], Any]:
    """Normalise ``connect(*args, **kwargs)`` into ``(options, callback)``.

    Forms: ``(port, host=None, cb)``, ``(path, cb)``, ``(options, cb)``.
    Raises, in the order of Node 20's ``Socket.prototype.connect`` and
    ``lookupAndConnect``: ERR_MISSING_ARGS, ERR_INVALID_ARG_TYPE (path),
    ERR_INVALID_IP_ADDRESS (localAddress), ERR_INVALID_ARG_TYPE (localPort,
    port), ERR_SOCKET_BAD_PORT, the autoSelectFamily options' errors and —
    for a host that is not an IP literal — ``lookup``'s, then the checks
    ``dns.lookup`` makes (hostname, hints, family) unless a custom
    ``lookup`` is given. The returned options carry ``port`` as an int,
    ``autoSelectFamily`` and ``autoSelectFamilyAttemptTimeout`` resolved
    against :mod:`gnet.autoselect`'s defaults (the timeout at least 10 ms),
    and for the default lookup ``family`` as 0/4/6 and ``hints`` as an int.
    """
    kwargs = dict(kwargs or {})
    kw_callback = kwargs.pop('callback', None)
    options, callback = _split_args(args)
    options.pop('handle', None)
    if kwargs:
        options.update(camel_keys(kwargs))
    callback = kw_callback or callback
    path = options.get('path')
    if options.get('port') is None and path is None:
        # (Python has one "nothing": None is Node's undefined here.)
        raise errors.ERR_MISSING_ARGS(['options', 'port', 'path'])
    if path:
        validate_string(path, 'options.path')
        return options, callback
    _validate_tcp_connect(options)
    return options, callback


def _validate_tcp_connect(options: dict[str, Any]) -> None:
    """Node's ``lookupAndConnect`` checks, in its order; fills in the resolved values."""
    from gnet import autoselect
    local_address = options.get('localAddress')
    if local_address and not is_ip(local_address):
        raise errors.ERR_INVALID_IP_ADDRESS(local_address)
    if options.get('localPort'):
        validate_number(options['localPort'], 'options.localPort')
    port = options.get('port')
    if port is not None:
        if isinstance(port, bool) or not isinstance(port, (int, float, str)):
            raise errors.ERR_INVALID_ARG_TYPE('options.port', 'one of type number or string', port)
        options['port'] = validate_port(port, 'Port')
    else:
        options['port'] = 0  # Node: port |= 0
    auto = options.get('autoSelectFamily')
    if auto is not None:
        validate_boolean(auto, 'options.autoSelectFamily')
    else:
        options['autoSelectFamily'] = autoselect.get_default_auto_select_family()
    attempt_timeout = options.get('autoSelectFamilyAttemptTimeout')
    if attempt_timeout is not None:
        validate_int32(attempt_timeout, 'options.autoSelectFamilyAttemptTimeout', 1)
        options['autoSelectFamilyAttemptTimeout'] = max(int(attempt_timeout),
                                                        autoselect.MIN_ATTEMPT_TIMEOUT)
    else:
        options['autoSelectFamilyAttemptTimeout'] = \
            autoselect.get_default_auto_select_family_attempt_timeout()
    host = options.get('host') or 'localhost'
    if is_ip(host):
        return
    if options.get('lookup') is not None:
        validate_function(options['lookup'], 'options.lookup')
        return
    # dns.lookup's own synchronous checks (the default resolver)
    validate_string(host, 'hostname')
    hints = options.get('hints')
    if hints is not None:
        validate_number(hints, 'options.hints')
        hints = int(hints) & 0xFFFFFFFF if math.isfinite(hints) else 0
        if hints & ~_VALID_HINTS:
            raise errors.ERR_INVALID_ARG_VALUE('hints', hints)
        options['hints'] = hints
    family = options.get('family')
    if family is not None:
        if isinstance(family, str) and family in _DNS_FAMILY_NAMES:
            family = _DNS_FAMILY_NAMES[family]  # (any other value, hashable or not, is checked below)
        validate_one_of(family, 'options.family', (0, 4, 6))
        options['family'] = int(family)


#: dns.ADDRCONFIG | dns.ALL | dns.V4MAPPED: the hints dns.lookup accepts.
_VALID_HINTS = _stdsocket.AI_ADDRCONFIG | _stdsocket.AI_ALL | _stdsocket.AI_V4MAPPED
#: Node's ``socketToDnsFamily`` and dns.lookup: family names as numbers.
_DNS_FAMILY_NAMES = {'IPv4': 4, 'IPv6': 6}


def normalize_socket_options(options: object, kwargs: Mapping[str, Any] | None = None
                             ) -> dict[str, Any]:
    """``Socket(options, **kw)`` / ``connect(options)`` socket options, checked as Node 20's
    ``Socket`` constructor checks them, in its order.

    Raises ERR_INVALID_ARG_VALUE (objectMode, readableObjectMode,
    writableObjectMode: not supported), ERR_INVALID_ARG_TYPE
    (keepAliveInitialDelay not a number), ERR_INVALID_ARG_VALUE
    (highWaterMark not a non-negative integer: Node names it
    ``options.readableHighWaterMark``), ERR_INVALID_ARG_TYPE (signal not an
    AbortSignal), ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE (fd not an int
    >= 0). Returns a new dict with Node's keys; a negative
    keepAliveInitialDelay becomes 0 and a malformed ``onread`` (not
    ``{'buffer': bytearray-like or callable, 'callback': callable}``) is
    dropped, as Node ignores it.
    """
    if options is None:
        options = {}
    elif isinstance(options, int) and not isinstance(options, bool):
        options = {'fd': options}  # Node's legacy Socket(fd)
    elif not isinstance(options, dict):
        raise errors.ERR_INVALID_ARG_TYPE('options', 'object', options)
    merged = dict(options)
    merged.update(camel_keys(kwargs or {}))
    for key in ('objectMode', 'readableObjectMode', 'writableObjectMode'):
        if merged.get(key):
            raise errors.ERR_INVALID_ARG_VALUE('options.%s' % key, merged[key], 'is not supported')
    delay = merged.get('keepAliveInitialDelay')
    if delay is not None:
        validate_number(delay, 'options.keepAliveInitialDelay')
        merged['keepAliveInitialDelay'] = max(0, delay)
    hwm = merged.get('highWaterMark')
    if hwm is not None and (isinstance(hwm, bool) or not isinstance(hwm, (int, float))
                            or not math.isfinite(hwm) or hwm != int(hwm) or hwm < 0):
        raise errors.ERR_INVALID_ARG_VALUE('options.readableHighWaterMark', hwm)
    if merged.get('signal') is not None and not _is_abort_signal(merged['signal']):
        raise errors.ERR_INVALID_ARG_TYPE('signal', 'an instance of AbortSignal', merged['signal'])
    if merged.get('fd') is not None:
        validate_int32(merged['fd'], 'fd', 0)
        merged['fd'] = int(merged['fd'])  # a JS number: 3.0 is the descriptor 3
    onread = merged.get('onread')
    if onread is not None and not (
            isinstance(onread, dict) and callable(onread.get('callback'))
            and (callable(onread.get('buffer')) or isinstance(onread.get('buffer'), (bytearray, memoryview)))):
        del merged['onread']
    return merged


def _check_number_option(options: Mapping[str, Any], key: str) -> Any:
    value = options.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise errors.ERR_INVALID_ARG_TYPE('options.%s' % key, 'number', value)
    return value


def normalize_server_options(options: object, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """``create_server(options, listener, **kw)`` options, validated as Node does.

    Returns a new dict with Node's keys; kwargs (snake_case) override.
    """
    if options is None:
        options = {}
    elif not isinstance(options, dict):
        raise errors.ERR_INVALID_ARG_TYPE('options', 'object', options)
    merged = dict(options)
    merged.update(camel_keys(kwargs))
    delay = _check_number_option(merged, 'keepAliveInitialDelay')
    if delay is not None:
        merged['keepAliveInitialDelay'] = max(0, delay)
    hwm = _check_number_option(merged, 'highWaterMark')
    if hwm is not None and hwm < 0:
        del merged['highWaterMark']
    return merged
