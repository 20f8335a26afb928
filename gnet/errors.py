"""Node's error codes as Python exceptions, constructed in one place.

Two families live here:

* ``NodeError`` subclasses, one per Node ``ERR_*`` code. ``str(err)`` is
  Node's ``err.message`` and ``err.code`` the code. Node's RangeErrors are
  also ``ValueError``s and its TypeErrors also ``TypeError``s, so both
  ``except NodeError`` and the Python habit work.
* System errors: :func:`system_error` turns an ``OSError`` from a syscall
  into Node's form (``listen EADDRINUSE: address already in use
  127.0.0.1:3000``) while staying an ``OSError`` of the right subclass
  (``except ConnectionResetError`` keeps working).

Messages are Node 20's texts; :func:`js_inspect` and :func:`describe_received`
render Python values the way Node's ``util.inspect`` and
``determineSpecificType`` render the JavaScript equivalents, so the same
mistake gives the same message in both.
"""

from __future__ import annotations

import errno as _errno
import json
import math
import os
import socket
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, cast

__all__ = [
    'NodeError', 'ERR_SERVER_ALREADY_LISTEN', 'ERR_SERVER_NOT_RUNNING',
    'ERR_SOCKET_BAD_PORT', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE',
    'ERR_SOCKET_CLOSED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_STREAM_DESTROYED',
    'ERR_UNHANDLED_ERROR', 'ERR_OUT_OF_RANGE', 'ERR_STREAM_NULL_VALUES',
    'ERR_SOCKET_CLOSED_BEFORE_CONNECTION', 'ERR_INVALID_IP_ADDRESS',
    'ERR_STREAM_PUSH_AFTER_EOF', 'ERR_MISSING_ARGS', 'ERR_UNKNOWN_ENCODING',
    'ERR_INVALID_ADDRESS', 'ERR_INVALID_ADDRESS_FAMILY', 'ERR_INVALID_FD_TYPE',
    'AbortError', 'DOMException', 'NodeAggregateError', 'ERR_STREAM_ALREADY_FINISHED',
    'ERR_STREAM_UNSHIFT_AFTER_END_EVENT',
    'NodeSystemError', 'system_error', 'dns_error', 'errno_exception', 'ended_by_peer', 'js_inspect', 'describe_received',
]


# --- rendering Python values the way Node renders JavaScript ones ---------

def js_inspect(value: object) -> str:
    """Render *value* as Node's ``util.inspect`` renders its JS counterpart.

    None → ``null`` (Python has one "nothing"; Node's ``undefined`` mostly
    comes from absent keys, which Python code leaves out), ``True`` →
    ``true``, a dict → ``{ port: true }``, a str → ``'abc'``.
    """
    if value is None:
        return 'undefined'
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    if isinstance(value, float):
        if math.isnan(value):
            return 'NaN'
        if math.isinf(value):
            return 'Infinity' if value > 0 else '-Infinity'
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, dict):
        if not value:
            return '{}'
        items = ', '.join('%s: %s' % (k if isinstance(k, str) and k.isidentifier() else js_inspect(k),
                                      js_inspect(v)) for k, v in value.items())
        return '{ %s }' % items
    if isinstance(value, (list, tuple)):
        return '[ %s ]' % ', '.join(js_inspect(v) for v in value) if value else '[]'
    if isinstance(value, (bytes, bytearray)):
        return '<Buffer %s>' % ' '.join('%02x' % b for b in value[:50])
    if callable(value):
        return '[Function: %s]' % getattr(value, '__name__', 'anonymous')
    return repr(value)


def _escape_char(char: str) -> str:
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if code < 0x20 or code == 0x7f:
        return '\\x%02X' % code
    return char


_SHORT_ESCAPES = {'\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r',
                  '\\': '\\\\'}


def _quote(text: str) -> str:
    """util.inspect's string quoting: '' unless the text holds ', then "" or ``."""
    quote = "'"
    if "'" in text:
        quote = '"' if '"' not in text else ('`' if '`' not in text and '${' not in text else "'")
    body = ''.join(_escape_char(c) for c in text)
    if quote == "'":
        body = body.replace("'", "\\'")
    return quote + body + quote


_JS_TYPES: tuple[tuple[type, str], ...] = ((bool, 'boolean'), (int, 'number'), (float, 'number'), (str, 'string'),
             (bytes, 'object'), (type(None), 'undefined'))


def describe_received(value: object) -> str:
    """Node's ``determineSpecificType``: the ``Received ...`` tail of messages."""
    if value is None:
        return 'undefined'
    if callable(value) and not isinstance(value, type):
        return 'function %s' % getattr(value, '__name__', '')
    if isinstance(value, (dict, list, tuple)):
        return 'an instance of Object' if isinstance(value, dict) else 'an instance of Array'
    if isinstance(value, str):
        # Node 20's determineSpecificType cuts the raw string, then quotes it.
        shown = value if len(value) <= 28 else value[:25] + '...'
        if "'" not in shown:
            return "type string ('%s')" % shown
        return 'type string (%s)' % json.dumps(shown)
    for pytype, jstype in _JS_TYPES:
        if isinstance(value, pytype):
            shown = js_inspect(value)
            if len(shown) > 28:
                shown = shown[:25] + '...'
            return 'type %s (%s)' % (jstype, shown)
    return 'an instance of %s' % type(value).__name__


# --- Node's internal errors --------------------------------------------------

class NodeError(Exception):
    """Base of every Node ``ERR_*`` error; ``code`` is Node's code."""

    #: Node's ``err.code`` (``'ERR_SERVER_NOT_RUNNING'``, ...).
    code: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        #: Node's ``err.message``; also ``str(err)``.
        self.message = message

    def __str__(self) -> str:
        return self.message


class _FixedMessage(NodeError):
    """An error whose message never varies."""

    #: Node's message for this code (``str(err)`` unless one is given).
    message_text = ''

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message_text)


class ERR_SERVER_ALREADY_LISTEN(_FixedMessage):
    code = 'ERR_SERVER_ALREADY_LISTEN'
    message_text = 'Listen method has been called more than once without closing.'


class ERR_SERVER_NOT_RUNNING(_FixedMessage):
    code = 'ERR_SERVER_NOT_RUNNING'
    message_text = 'Server is not running.'


class ERR_SOCKET_CLOSED(_FixedMessage):
    code = 'ERR_SOCKET_CLOSED'
    message_text = 'Socket is closed'


class ERR_SOCKET_CLOSED_BEFORE_CONNECTION(_FixedMessage):
    code = 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION'
    message_text = 'Socket closed before the connection was established'


class ERR_STREAM_WRITE_AFTER_END(_FixedMessage):
    code = 'ERR_STREAM_WRITE_AFTER_END'
    message_text = 'write after end'


class ERR_STREAM_PUSH_AFTER_EOF(_FixedMessage):
    code = 'ERR_STREAM_PUSH_AFTER_EOF'
    message_text = 'stream.push() after EOF'


class ERR_STREAM_NULL_VALUES(_FixedMessage, TypeError):
    code = 'ERR_STREAM_NULL_VALUES'
    message_text = 'May not write null values to stream'


class ERR_STREAM_DESTROYED(NodeError):
    code = 'ERR_STREAM_DESTROYED'

    def __init__(self, method: str = 'write') -> None:
        super().__init__('Cannot call %s after a stream was destroyed' % method)


class ERR_STREAM_ALREADY_FINISHED(NodeError):
    code = 'ERR_STREAM_ALREADY_FINISHED'

    def __init__(self, method: str = 'end') -> None:
        super().__init__('Cannot call %s after a stream was finished' % method)


class ERR_STREAM_UNSHIFT_AFTER_END_EVENT(NodeError):
    code = 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT'

    def __init__(self) -> None:
        super().__init__('stream.unshift() after end event')


class ERR_UNHANDLED_ERROR(NodeError):
    code = 'ERR_UNHANDLED_ERROR'

    def __init__(self, err: object = None) -> None:
        super().__init__('Unhandled error. (%s)' % js_inspect(err))
        self.context = err


class ERR_SOCKET_BAD_PORT(NodeError, ValueError):
    """Node's RangeError for a port outside 0-65535 (also a ValueError)."""

    code = 'ERR_SOCKET_BAD_PORT'

    def __init__(self, port: object, name: str = 'options.port', allow_zero: bool = True) -> None:
        op = '>=' if allow_zero else '>'
        super().__init__('%s should be %s 0 and < 65536. Received %s.'
                         % (name, op, describe_received(port)))


class ERR_OUT_OF_RANGE(NodeError, ValueError):
    code = 'ERR_OUT_OF_RANGE'

    def __init__(self, name: str, expected: str, received: object) -> None:
        super().__init__('The value of "%s" is out of range. It must be %s. Received %s'
                         % (name, expected, js_inspect(received)))


class ERR_INVALID_ARG_TYPE(NodeError, TypeError):
    """``The "x" argument must be of type y. Received ...`` (also a TypeError)."""

    code = 'ERR_INVALID_ARG_TYPE'

    def __init__(self, name: str, expected: str, received: object) -> None:
        kind = 'property' if '.' in name else 'argument'
        if expected.startswith(('an instance of', 'one of')):
            must = 'must be %s' % expected
        else:
            must = 'must be of type %s' % expected
        super().__init__('The "%s" %s %s. Received %s'
                         % (name, kind, must, describe_received(received)))


class ERR_INVALID_ARG_VALUE(NodeError, TypeError):
    """``The argument 'x' is invalid. Received ...`` (also a TypeError)."""

    code = 'ERR_INVALID_ARG_VALUE'

    def __init__(self, name: str, value: object, reason: str = 'is invalid') -> None:
        kind = 'property' if '.' in name else 'argument'
        super().__init__("The %s '%s' %s. Received %s" % (kind, name, reason, js_inspect(value)))


class ERR_INVALID_IP_ADDRESS(NodeError, TypeError):
    code = 'ERR_INVALID_IP_ADDRESS'

    def __init__(self, address: str) -> None:
        super().__init__('Invalid IP address: %s' % address)


class ERR_MISSING_ARGS(NodeError, TypeError):
    """``The "a" and "b" arguments must be specified``; a list name means "or"."""

    code = 'ERR_MISSING_ARGS'

    def __init__(self, *names: str | Sequence[str]) -> None:
        shown = [' or '.join('"%s"' % n for n in name) if isinstance(name, (list, tuple))
                 else '"%s"' % name for name in names]
        if len(shown) == 1:
            text = '%s argument' % shown[0]
        elif len(shown) == 2:
            text = '%s and %s arguments' % tuple(shown)
        else:
            text = '%s, and %s arguments' % (', '.join(shown[:-1]), shown[-1])
        super().__init__('The %s must be specified' % text)


class ERR_UNKNOWN_ENCODING(NodeError, TypeError):
    code = 'ERR_UNKNOWN_ENCODING'

    def __init__(self, encoding: object) -> None:
        super().__init__('Unknown encoding: %s' % encoding)


class ERR_INVALID_ADDRESS(_FixedMessage):
    """A string that is not an address of the family asked for (SocketAddress)."""

    code = 'ERR_INVALID_ADDRESS'
    message_text = 'Invalid socket address'


class ERR_INVALID_ADDRESS_FAMILY(NodeError, ValueError):
    """A lookup answered a family other than 4 or 6 (Node's RangeError)."""

    code = 'ERR_INVALID_ADDRESS_FAMILY'

    def __init__(self, family: object, host: object, port: object) -> None:
        super().__init__('Invalid address family: %s %s:%s'
                         % (_template(family), _template(host), _template(port)))
        self.host = host
        self.port = port


def _template(value: object) -> object:
    """JavaScript's ``${value}`` for the primitives Node interpolates."""
    shown = js_inspect(value)
    return value if isinstance(value, str) else shown


class ERR_INVALID_FD_TYPE(NodeError, TypeError):
    code = 'ERR_INVALID_FD_TYPE'

    def __init__(self, kind: str) -> None:
        super().__init__('Unsupported fd type: %s' % kind)


#: The web platform's legacy DOMException codes for the names Node's net uses.
_DOM_EXCEPTION_CODES = {'AbortError': 20, 'TimeoutError': 23}


class DOMException(Exception):
    """The web platform's ``DOMException``, as far as Node's net touches it: the
    default reason of ``AbortController().abort()`` (``name`` 'AbortError',
    ``code`` 20, "This operation was aborted"). ``str()`` is the message."""

    def __init__(self, message: str = '', name: str = 'Error') -> None:
        super().__init__(message)
        self.message = message
        #: The exception's kind, e.g. 'AbortError'.
        self.name = name
        #: The legacy numeric code of *name* (AbortError 20, TimeoutError 23; else 0).
        self.code = _DOM_EXCEPTION_CODES.get(name, 0)


class AbortError(NodeError):
    """Node's ``AbortError``: ``name`` 'AbortError', code ABORT_ERR; ``cause`` the signal's reason."""

    code = 'ABORT_ERR'
    #: Node's ``err.name``.
    name = 'AbortError'

    def __init__(self, message: str = 'The operation was aborted', cause: object = None) -> None:
        super().__init__(message)
        self.cause = cause
        self.__cause__ = cause if isinstance(cause, BaseException) else None


class NodeAggregateError(NodeError):
    """Node's ``NodeAggregateError``: every attempt failed (happy eyeballs).

    ``name`` 'AggregateError', ``errors`` the list of attempt errors in
    order, ``code`` the first one's code, and an empty message (Node 20).
    """

    #: Node's ``err.name``.
    name = 'AggregateError'

    def __init__(self, errors: Iterable[BaseException], message: str = '') -> None:
        super().__init__(message)
        self.errors = list(errors)
        self.code = getattr(self.errors[0], 'code', None) if self.errors else None


# --- system errors -----------------------------------------------------------

#: libuv's texts for the errno names Node prints (``uv_strerror``); anything
#: else falls back to the C library's text, lower-cased as libuv's are.
_UV_TEXT = {
    'EADDRINUSE': 'address already in use',
    'EADDRNOTAVAIL': 'address not available',
    'EACCES': 'permission denied',
    'EINVAL': 'invalid argument',
    'ECONNREFUSED': 'connection refused',
    'ECONNRESET': 'connection reset by peer',
    'EPIPE': 'broken pipe',
    'ETIMEDOUT': 'connection timed out',
    'ENOTSOCK': 'socket operation on non-socket',
    'EBADF': 'bad file descriptor',
    'EMFILE': 'too many open files',
    'ENOENT': 'no such file or directory',
    'ENOTFOUND': 'ENOTFOUND',
    'EHOSTUNREACH': 'host is unreachable',
    'ENETUNREACH': 'network is unreachable',
    'ENAMETOOLONG': 'name too long',
}


if TYPE_CHECKING:
    # Every NodeSystemError is made by _system_class as a twin of an OSError
    # subclass; type checkers see that base, the runtime class stays a mixin.
    _MixinBase = OSError
else:
    _MixinBase = object


class NodeSystemError(_MixinBase):
    """Mixin giving an ``OSError`` subclass Node's message as ``str()``.

    Instances carry ``code`` (errno name), ``errno`` (Python's positive
    number), ``syscall``, ``address`` and ``port`` (None when Node leaves
    the field out) and ``message``; DNS errors also ``hostname``.
    Every instance is also an ``OSError`` (of the subclass Python picks
    for its errno), made by :func:`system_error`, :func:`errno_exception`,
    :func:`ended_by_peer` or :func:`dns_error`.
    """

    code: str
    syscall: str | None
    address: str | None
    port: int | None
    message: str
    #: Set on DNS errors only (:func:`dns_error`).
    hostname: str

    def __str__(self) -> str:
        return self.message


_system_classes: dict[type[OSError], type[NodeSystemError]] = {}


def _system_class(oserror_class: type[OSError]) -> type[NodeSystemError]:
    """The Node-flavoured twin of an OSError subclass (cached)."""
    cls = _system_classes.get(oserror_class)
    if cls is None:
        cls = cast('type[NodeSystemError]',
                   type(oserror_class.__name__, (NodeSystemError, oserror_class),
                        {'__module__': __name__}))
        _system_classes[oserror_class] = cls
    return cls


def system_error(err: OSError | int, syscall: str | None, address: str | None = None,
                 port: int | None = None) -> NodeSystemError:
    """Build Node's system error for an errno (or an ``OSError``).

    Message: ``"<syscall> <CODE>: <text>[ address[:port]]"``; the port is
    only shown, and only set, when it is truthy (Node's
    ``UVExceptionWithHostPort``). The result is an instance of the
    ``OSError`` subclass Python itself would pick for that errno.
    """
    number = err.errno if isinstance(err, OSError) else err
    if number is None:  # e.g. socket.gaierror carries no errno
        number = 0
    code = _errno.errorcode.get(number, 'UNKNOWN')
    text = _UV_TEXT.get(code) or os.strerror(number).lower()
    message = '%s %s: %s' % (syscall, code, text)
    if port and port > 0:
        message += ' %s:%s' % (address, port)
    elif address:
        message += ' %s' % address
    base = type(OSError(number, text))  # Python picks the subclass for the errno
    exc = _system_class(base)(number, text)
    exc.code = code
    exc.syscall = syscall
    exc.address = address
    exc.port = port if port else None
    exc.message = message
    return exc


def errno_exception(err: OSError | int, syscall: str, address: str | None = None,
                    port: int | None = None) -> NodeSystemError:
    """Node's socket I/O error: ``read ECONNRESET``, ``connect ECONNREFUSED 127.0.0.1:1``.

    The same fields as :func:`system_error`, but Node's ``errnoException``
    / ``exceptionWithHostPort`` message form, which has no libuv text.
    """
    exc = system_error(err, syscall, address, port)
    exc.message = '%s %s' % (syscall, exc.code)
    if port and port > 0:
        exc.message += ' %s:%s' % (address, port)
    elif address:
        exc.message += ' %s' % address
    return exc


def ended_by_peer() -> NodeSystemError:
    """Node's writeAfterFIN error: EPIPE 'This socket has been ended by the other party'."""
    exc = system_error(_errno.EPIPE, None)
    exc.syscall = None
    exc.message = 'This socket has been ended by the other party'
    return exc


def dns_error(err: BaseException, hostname: str, syscall: str = 'getaddrinfo') -> NodeSystemError:
    """Node's DNS failure: ``getaddrinfo ENOTFOUND no-such-host.invalid``."""
    code = 'EAI_AGAIN' if getattr(err, 'errno', None) == socket.EAI_AGAIN else 'ENOTFOUND'
    exc = _system_class(OSError)(getattr(err, 'errno', 0) or 0, code)
    exc.code = code
    exc.syscall = syscall
    exc.hostname = hostname
    exc.address = None
    exc.port = None
    exc.message = '%s %s %s' % (syscall, code, hostname)
    return exc
