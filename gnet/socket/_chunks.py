"""Chunks as Node makes them: what ``write()`` accepts and how a str becomes bytes.

``Buffer.from(string, encoding)``'s rules for every Node encoding name
(utf8, latin1/binary, ascii, ucs2/utf16le, hex, base64), and the Python
codec behind each name (also used by ``set_encoding()``).
"""

from __future__ import annotations

import binascii
import codecs
import re
from typing import Any

from gnet import errors

def _to_bytes(data: object, encoding: object) -> bytes | bytearray | memoryview:
    """Node's chunk rules: bytes-like as is, str encoded, anything else an error.

    Bytes-like means any buffer (Node's Buffer, TypedArray, DataView:
    bytes, bytearray, memoryview of any format or shape, array.array,
    mmap, ...), given by its bytes: :func:`byte_view` (a buffer that is
    not C-contiguous is copied in C order).
    """
    if isinstance(data, (bytes, bytearray)):
        return data
    if isinstance(data, str):
        try:
            name = _python_encoding(encoding or 'utf8')
        except LookupError:
            raise errors.ERR_UNKNOWN_ENCODING(encoding) from None
        return _encode(data, name, encoding)
    if data is None:
        raise errors.ERR_STREAM_NULL_VALUES()
    try:
        return byte_view(data)
    except TypeError:
        raise errors.ERR_INVALID_ARG_TYPE(
            'chunk', 'string or an instance of Buffer, TypedArray, or DataView', data) from None
    except BufferError:
        return memoryview(data).tobytes()  # type: ignore[arg-type]  # (a buffer, or byte_view raised TypeError)


def byte_view(data: Any) -> bytes | memoryview:
    """Any bytes-like *data* as its bytes: len() counts bytes, slices cut bytes.

    bytes as they are; any other buffer as a flat memoryview of unsigned
    bytes (a memoryview of ``array('I')`` has 4 an item, a 2-D one all of
    its rows). Not bytes-like: TypeError ("memoryview: a bytes-like object
    is required, not 'str'", gevent's sendall message); not C-contiguous:
    BufferError, as Python's ``socket.send()`` raises.
    """
    if type(data) is bytes:
        return data
    view = memoryview(data)
    if not view.c_contiguous:
        raise BufferError('memoryview: underlying buffer is not C-contiguous')
    if view.itemsize != 1 or view.ndim != 1 or view.format != 'B':
        view = view.cast('B')
    return view


def _encode(text: str, name: str, encoding: object) -> bytes:
    """*text* as bytes the way Node's ``Buffer.from(text, encoding)`` makes them.

    Node never refuses a string: a lone surrogate becomes U+FFFD in UTF-8
    and is kept as its code unit in UCS-2; latin1/ascii keep the low byte
    of each UTF-16 code unit; hex stops at the first bad digit pair;
    base64 skips what is not base64. (The reliability fuzzer found each.)
    """
    if name == 'hex':
        return bytes.fromhex(_HEX_PREFIX.match(text).group(0))  # type: ignore[union-attr]  # (...)* matches any string
    if name == 'base64':
        text = _NOT_BASE64.sub('', text.split('=', 1)[0]).translate(_URL_SAFE)
        text = text[:len(text) - (len(text) % 4 == 1)]
        return binascii.a2b_base64(text + '=' * (-len(text) % 4))
    try:
        return text.encode(name)
    except UnicodeEncodeError:
        if name in ('latin-1', 'ascii'):
            return text.encode('utf-16-le', 'surrogatepass')[::2]
        if name == 'utf-16-le':
            return text.encode(name, 'surrogatepass')
        if name == 'utf-8':
            # paired surrogates join into one character, lone ones become U+FFFD
            return text.encode('utf-16-le', 'surrogatepass').decode(
                'utf-16-le', 'replace').encode(name)
        raise errors.ERR_INVALID_ARG_VALUE('encoding', encoding, 'cannot encode this string')
    except (LookupError, TypeError, ValueError):  # not a text codec ('rot13', 'undefined', ...)
        raise errors.ERR_UNKNOWN_ENCODING(encoding) from None


_HEX_PREFIX = re.compile(r'(?:[0-9a-fA-F]{2})*')
_NOT_BASE64 = re.compile(r'[^A-Za-z0-9+/_-]')
_URL_SAFE = str.maketrans('-_', '+/')

_NODE_ENCODINGS = {'utf8': 'utf-8', 'utf-8': 'utf-8', 'latin1': 'latin-1', 'binary': 'latin-1',
                   'ascii': 'ascii', 'ucs2': 'utf-16-le', 'utf16le': 'utf-16-le',
                   'utf-16le': 'utf-16-le', 'hex': 'hex', 'base64': 'base64'}


def _python_encoding(encoding: object) -> str:
    """The Python codec for a Node encoding name (LookupError if there is none)."""
    if not isinstance(encoding, str):
        raise LookupError(encoding)  # Node: ERR_UNKNOWN_ENCODING for any non-string
    name = _NODE_ENCODINGS.get(encoding.lower(), encoding)
    try:
        codecs.lookup(name)
    except ValueError:  # e.g. an embedded NUL
        raise LookupError(encoding) from None
    return name
