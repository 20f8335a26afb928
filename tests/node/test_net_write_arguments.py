"""Port of Node's test/parallel/test-net-write-arguments.js.

Checks that ``write(None)`` raises ERR_STREAM_NULL_VALUES and that anything
but bytes-like or str (bools, numbers, lists, dicts) raises TypeError
ERR_INVALID_ARG_TYPE, with no 'error' emitted. JavaScript's ``undefined``
has no Python counterpart besides None; bytearray and memoryview (Node's
TypedArray/DataView) are accepted.
"""

import math

import pytest

import gnet
from gnet import errors

BAD = [True, False, 1, 1.0, math.inf, -math.inf, [], {}]

#: Node 20's wording (the stored test has an older "Buffer or Uint8Array").
V20_MESSAGE = ('The "chunk" argument must be of type string or an instance of '
               'Buffer, TypedArray, or DataView.')


@pytest.fixture
def sock(calls):
    sock = gnet.Socket({'highWaterMark': 0})
    sock.on('error', calls.must_not_call("'error'"))
    yield sock
    sock.destroy()


def test_write_none(sock):
    with pytest.raises(errors.ERR_STREAM_NULL_VALUES) as info:
        sock.write(None)
    assert isinstance(info.value, TypeError)
    assert info.value.code == 'ERR_STREAM_NULL_VALUES'
    assert str(info.value) == 'May not write null values to stream'


@pytest.mark.parametrize('value', BAD, ids=repr)
def test_write_non_chunk_raises_type_error(sock, value):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        sock.write(value)
    assert isinstance(info.value, TypeError)
    assert info.value.code == 'ERR_INVALID_ARG_TYPE'


@pytest.mark.parametrize('value, received', [
    (True, ' Received type boolean (true)'), (1, ' Received type number (1)'),
    (math.inf, ' Received type number (Infinity)'), ([], ' Received an instance of Array'),
    ({}, ' Received an instance of Object'),
], ids=repr)
def test_write_non_chunk_message_is_node_20s(sock, value, received):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        sock.write(value)
    assert str(info.value) == V20_MESSAGE + received


@pytest.mark.parametrize('chunk', [b'x', bytearray(b'x'), memoryview(b'x'), 'x'],
                         ids=['bytes', 'bytearray', 'memoryview', 'str'])
def test_bytes_like_and_str_are_accepted(chunk):
    sock = gnet.Socket()   # not connected: the chunk is queued (default highWaterMark)
    assert sock.write(chunk) is True
    assert sock.bytes_written == 1
    sock.destroy()
