"""Port of Node's test/parallel/test-net-socket-timeout.js.

Checks ``set_timeout()`` validation — non-numbers raise
ERR_INVALID_ARG_TYPE, negative/infinite/NaN values ERR_OUT_OF_RANGE, a
non-callable callback ERR_INVALID_ARG_TYPE — and that on a destroyed
socket it returns the socket and never fires. JavaScript's ``undefined``
callback is Python's None (no callback); Symbols have no counterpart.
"""

import math

import pytest

import gnet
from gnet import errors

from nodeport import WAIT, wait_event

BAD_TYPES = ['100', True, False, None, '', {}, lambda: None, []]
BAD_RANGES = [-0.001, -1, -math.inf, math.inf, math.nan]
GOOD = [0, 0.001, 1, 1e6]
BAD_CALLBACKS = [1, '100', True, False, {}, []]


def _id(value):
    """A stable test id (a function's repr has its address)."""
    return 'function' if callable(value) else repr(value)


@pytest.fixture
def sock():
    sock = gnet.Socket()
    yield sock
    sock.destroy()


@pytest.mark.parametrize('ms', BAD_TYPES, ids=_id)
def test_non_numbers_raise_type_error(sock, ms):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        sock.set_timeout(ms)
    assert isinstance(info.value, TypeError)
    assert str(info.value).startswith('The "msecs" argument must be of type number.')


@pytest.mark.parametrize('ms', BAD_RANGES, ids=repr)
def test_out_of_range_raises(sock, ms):
    with pytest.raises(errors.ERR_OUT_OF_RANGE) as info:
        sock.set_timeout(ms)
    assert info.value.code == 'ERR_OUT_OF_RANGE'
    assert str(info.value).startswith('The value of "msecs" is out of range. '
                                      'It must be a non-negative finite number.')


@pytest.mark.parametrize('ms', GOOD, ids=repr)
def test_valid_values_are_accepted(sock, ms):
    assert sock.set_timeout(ms, lambda: None) is sock
    sock.set_timeout(0)


@pytest.mark.parametrize('ms', [0, 1])
@pytest.mark.parametrize('callback', BAD_CALLBACKS, ids=repr)
def test_bad_callbacks_raise_type_error(sock, callback, ms):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        sock.set_timeout(ms, callback)
    assert isinstance(info.value, TypeError)


def test_destroyed_socket_never_times_out(calls):
    server = gnet.create_server(lambda conn: conn.resume())
    server.listen(0, '127.0.0.1')
    port = server.address()['port']
    client = gnet.connect(port, '127.0.0.1')
    fired = wait_event(client, 'timeout')

    def on_timeout():
        client.destroy()
        assert client.set_timeout(1, calls.must_not_call('timeout after destroy')) is client

    assert client.set_timeout(1, calls.must_call(on_timeout)) is client
    fired.get(timeout=WAIT)
    reference = gnet.connect(port, '127.0.0.1')   # the clock: it times out later
    timed_out = wait_event(reference, 'timeout')
    reference.set_timeout(50)
    timed_out.get(timeout=WAIT)
    reference.destroy()
    server.close()
    assert server.wait_closed(WAIT)
