"""Port of Node's test/parallel/test-net-server-listen-options.js.

Checks that every accepted listen() form emits 'listening', and that bad
ports and bad option objects raise Node's errors at once.
"""

import math
import re

import pytest

import gnet
from gnet import errors

from nodeport import WAIT, wait_event


def _listens(*args):
    server = gnet.create_server()
    listening = wait_event(server, 'listening')
    server.listen(*args)
    try:
        listening.get(timeout=WAIT)
        assert server.address()['port'] > 0
    finally:
        server.close()


@pytest.mark.parametrize('args', [(), (0,), ({'port': 0},)],
                         ids=['listen()', 'listen(0)', 'listen({port: 0})'])
def test_listen_forms_emit_listening(args):
    _listens(*args)


def test_listen_with_only_a_callback(calls):
    server = gnet.create_server()
    listening = wait_event(server, 'listening')
    server.listen(calls.must_call())
    listening.get(timeout=WAIT)
    server.close()


@pytest.mark.parametrize('port', ['0', 0, None], ids=repr)
@pytest.mark.parametrize('as_options', [False, True], ids=['(port, cb)', '({port}, cb)'])
def test_valid_ports_listen_with_callback(port, as_options, calls):
    server = gnet.create_server()
    listening = wait_event(server, 'listening')
    callback = calls.must_call()
    if as_options:
        server.listen({'port': port}, callback)
    else:
        server.listen(port, callback)
    listening.get(timeout=WAIT)
    server.close()


BAD_PORTS = [-1, math.nan, 123.456, 0x10000, -math.inf, math.inf]


@pytest.mark.parametrize('port', BAD_PORTS, ids=repr)
@pytest.mark.parametrize('as_options', [False, True], ids=['(port)', '({port})'])
def test_bad_port_raises_range_error(port, as_options, calls):
    server = gnet.create_server()
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT) as info:
        if as_options:
            server.listen({'port': port}, calls.must_not_call())
        else:
            server.listen(port, calls.must_not_call())
    assert isinstance(info.value, ValueError)  # Node: RangeError
    assert info.value.code == 'ERR_SOCKET_BAD_PORT'
    assert not server.listening


def test_port_is_checked_before_path():
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT):
        gnet.create_server().listen({'port': -1, 'path': '/tmp/gnet-never-bound'})


@pytest.mark.parametrize('args', [
    (False,), (True,), ({'port': True},), ({'port': False},), ({'path': -1},),
], ids=['false', 'true', '{port: true}', '{port: false}', '{path: -1}'])
def test_invalid_values_raise_type_error(args):
    server = gnet.create_server()
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE) as info:
        server.listen(*args)
    assert isinstance(info.value, TypeError)
    assert info.value.code == 'ERR_INVALID_ARG_VALUE'
    assert re.search(r'^The argument \'options\' is invalid\. Received ', str(info.value)), \
        str(info.value)
    assert not server.listening


@pytest.mark.parametrize('options', [
    {}, {'host': 'localhost'}, {'host': {'port': 0}}, {'exclusive': True},
    {'fd': -1},  # Node 20 (the oracle) words a negative fd this way too
], ids=repr)
def test_options_without_port_or_path_raise(options):
    server = gnet.create_server()
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE) as info:
        server.listen(options)
    assert isinstance(info.value, TypeError)
    assert re.search(r'^The argument \'options\' must have the property "port" or "path"\. '
                     r'Received ', str(info.value)), str(info.value)
