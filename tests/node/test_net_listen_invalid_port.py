"""Port of Node's test/parallel/test-net-listen-invalid-port.js.

Checks that port 4294967295 (``-1 >>> 0``) raises ERR_SOCKET_BAD_PORT in the
``{port}``, ``(port)`` and ``(port, host)`` forms; Node's private
``_connectionKey`` part has no public meaning and is left out.
"""

import pytest

import gnet
from gnet import errors

BAD = 0xFFFFFFFF  # JavaScript's -1 >>> 0

MESSAGE = 'options.port should be >= 0 and < 65536. Received type number (4294967295).'


@pytest.mark.parametrize('args', [({'port': BAD},), (BAD,), (BAD, '0.0.0.0')],
                         ids=['{port}', '(port)', '(port, host)'])
def test_unsigned_minus_one_is_a_bad_port(args):
    server = gnet.create_server()
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT) as info:
        server.listen(*args)
    assert isinstance(info.value, ValueError)
    assert info.value.code == 'ERR_SOCKET_BAD_PORT'
    assert str(info.value) == MESSAGE
    assert not server.listening
    assert server.address() is None


def test_port_zero_still_listens_after_a_rejected_call():
    server = gnet.create_server()
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT):
        server.listen(BAD)
    server.listen(0, '127.0.0.1')
    try:
        assert server.address()['port'] > 0
    finally:
        server.close()
