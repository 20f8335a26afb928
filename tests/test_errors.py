"""gnet.errors: every Node error code, its class, and Node 20's message."""

import errno
import json

import pytest

from gnet import errors

# (python constructor call, Node's `new codes.X(...)` arguments as JS source,
#  Node's class name). Messages are compared with what node itself says.
NODE_ERRORS = [
    (lambda: errors.ERR_SERVER_ALREADY_LISTEN(), 'ERR_SERVER_ALREADY_LISTEN', '', 'Error'),
    (lambda: errors.ERR_SERVER_NOT_RUNNING(), 'ERR_SERVER_NOT_RUNNING', '', 'Error'),
    (lambda: errors.ERR_SOCKET_CLOSED(), 'ERR_SOCKET_CLOSED', '', 'Error'),
    (lambda: errors.ERR_SOCKET_CLOSED_BEFORE_CONNECTION(),
     'ERR_SOCKET_CLOSED_BEFORE_CONNECTION', '', 'Error'),
    (lambda: errors.ERR_STREAM_WRITE_AFTER_END(), 'ERR_STREAM_WRITE_AFTER_END', '', 'Error'),
    (lambda: errors.ERR_STREAM_PUSH_AFTER_EOF(), 'ERR_STREAM_PUSH_AFTER_EOF', '', 'Error'),
    (lambda: errors.ERR_STREAM_NULL_VALUES(), 'ERR_STREAM_NULL_VALUES', '', 'TypeError'),
    (lambda: errors.ERR_STREAM_DESTROYED(), 'ERR_STREAM_DESTROYED', "'write'", 'Error'),
    (lambda: errors.ERR_STREAM_DESTROYED('end'), 'ERR_STREAM_DESTROYED', "'end'", 'Error'),
    (lambda: errors.ERR_STREAM_ALREADY_FINISHED('end'), 'ERR_STREAM_ALREADY_FINISHED', "'end'",
     'Error'),
    (lambda: errors.ERR_STREAM_UNSHIFT_AFTER_END_EVENT(), 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', '',
     'Error'),
    (lambda: errors.ERR_UNHANDLED_ERROR('boom'), 'ERR_UNHANDLED_ERROR', '"\'boom\'"', 'Error'),
    (lambda: errors.ERR_SOCKET_BAD_PORT(-1), 'ERR_SOCKET_BAD_PORT', "'options.port', -1",
     'RangeError'),
    (lambda: errors.ERR_SOCKET_BAD_PORT('abc', 'Port'), 'ERR_SOCKET_BAD_PORT', "'Port', 'abc'",
     'RangeError'),
    (lambda: errors.ERR_SOCKET_BAD_PORT(0, 'Port', allow_zero=False), 'ERR_SOCKET_BAD_PORT',
     "'Port', 0, false", 'RangeError'),
    (lambda: errors.ERR_SOCKET_BAD_PORT(1.5), 'ERR_SOCKET_BAD_PORT', "'options.port', 1.5",
     'RangeError'),
    (lambda: errors.ERR_SOCKET_BAD_PORT(float('nan')), 'ERR_SOCKET_BAD_PORT',
     "'options.port', NaN", 'RangeError'),
    (lambda: errors.ERR_SOCKET_BAD_PORT(float('inf')), 'ERR_SOCKET_BAD_PORT',
     "'options.port', Infinity", 'RangeError'),
    (lambda: errors.ERR_SOCKET_BAD_PORT(''), 'ERR_SOCKET_BAD_PORT', "'options.port', ''",
     'RangeError'),
    (lambda: errors.ERR_OUT_OF_RANGE('msecs', 'a non-negative finite number', -1),
     'ERR_OUT_OF_RANGE', "'msecs', 'a non-negative finite number', -1", 'RangeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('listener', 'function', 5), 'ERR_INVALID_ARG_TYPE',
     "'listener', 'Function', 5", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('options', 'object', 'x'), 'ERR_INVALID_ARG_TYPE',
     "'options', 'object', 'x'", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('options.signal', 'an instance of AbortSignal', 'x'),
     'ERR_INVALID_ARG_TYPE', "'options.signal', 'AbortSignal', 'x'", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('hostname', 'string', 123), 'ERR_INVALID_ARG_TYPE',
     "'hostname', 'string', 123", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('hostname', 'string', {'port': 3000}),
     'ERR_INVALID_ARG_TYPE', "'hostname', 'string', {port: 3000}", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('hostname', 'string', [1]), 'ERR_INVALID_ARG_TYPE',
     "'hostname', 'string', [1]", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('hostname', 'string', True), 'ERR_INVALID_ARG_TYPE',
     "'hostname', 'string', true", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('hostname', 'string', None), 'ERR_INVALID_ARG_TYPE',
     "'hostname', 'string', undefined", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_TYPE('options.port', 'one of type number or string', True),
     'ERR_INVALID_ARG_TYPE', "'options.port', ['number', 'string'], true", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_VALUE('options', {'port': True}), 'ERR_INVALID_ARG_VALUE',
     "'options', {port: true}", 'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_VALUE('options', {},
                                          'must have the property "port" or "path"'),
     'ERR_INVALID_ARG_VALUE', "'options', {}, 'must have the property \"port\" or \"path\"'",
     'TypeError'),
    (lambda: errors.ERR_INVALID_ARG_VALUE('options', {'path': '123'}), 'ERR_INVALID_ARG_VALUE',
     "'options', {path: '123'}", 'TypeError'),
    (lambda: errors.ERR_INVALID_IP_ADDRESS('1.2.3'), 'ERR_INVALID_IP_ADDRESS', "'1.2.3'",
     'TypeError'),
    (lambda: errors.ERR_MISSING_ARGS('a'), 'ERR_MISSING_ARGS', "'a'", 'TypeError'),
    (lambda: errors.ERR_UNKNOWN_ENCODING('xx'), 'ERR_UNKNOWN_ENCODING', "'xx'", 'TypeError'),
    (lambda: errors.ERR_INVALID_ADDRESS_FAMILY(5, 'x.test', 80), 'ERR_INVALID_ADDRESS_FAMILY',
     "5, 'x.test', 80", 'RangeError'),
    (lambda: errors.ERR_INVALID_ADDRESS_FAMILY('x', None, 80), 'ERR_INVALID_ADDRESS_FAMILY',
     "'x', undefined, 80", 'RangeError'),
    (lambda: errors.ERR_INVALID_FD_TYPE('UNKNOWN'), 'ERR_INVALID_FD_TYPE', "'UNKNOWN'",
     'TypeError'),
]

_PY_BASE = {'Error': None, 'TypeError': TypeError, 'RangeError': ValueError}


@pytest.fixture(scope='module')
def node_messages(node_eval):
    calls = ',\n'.join('(() => { const e = new codes.%s(%s); return [e.name, e.code, e.message]; })()'
                       % (code, js_args) for _, code, js_args, _ in NODE_ERRORS)
    return node_eval("const { codes } = require('internal/errors');\n"
                     'console.log(JSON.stringify([%s]));' % calls)


@pytest.mark.parametrize('index', range(len(NODE_ERRORS)),
                         ids=['%s(%s)' % (row[1], row[2]) for row in NODE_ERRORS])
def test_message_code_and_class_match_node(index, node_messages):
    make, code, _, js_class = NODE_ERRORS[index]
    err = make()
    name, node_code, node_message = node_messages[index]
    assert name == js_class
    assert err.code == node_code == code
    assert str(err) == err.message == node_message
    assert isinstance(err, errors.NodeError)
    assert isinstance(err, Exception)
    base = _PY_BASE[js_class]
    if base is None:
        assert not isinstance(err, (TypeError, ValueError))
    else:
        assert isinstance(err, base)


def test_native_invalid_address_matches_node(node_eval):
    # Raised by Node's C++ SocketAddress, so not in internal/errors' codes.
    name, code, message = node_eval(
        "const net = require('net'); try { new net.SocketAddress({ address: 'x' }); } "
        'catch (e) { console.log(JSON.stringify([e.name, e.code, e.message])); }')
    err = errors.ERR_INVALID_ADDRESS()
    assert (name, code, message) == ('Error', err.code, str(err))
    assert not isinstance(err, (TypeError, ValueError))


def test_every_exported_error_class_is_covered():
    covered = {make().__class__.__name__ for make, *_ in NODE_ERRORS}
    covered.add('ERR_INVALID_ADDRESS')  # test_native_invalid_address_matches_node
    exported = {name for name in errors.__all__ if name.startswith('ERR_')}
    assert exported <= covered


def test_documented_base_classes():
    assert issubclass(errors.ERR_SOCKET_BAD_PORT, ValueError)
    assert issubclass(errors.ERR_OUT_OF_RANGE, ValueError)
    assert issubclass(errors.ERR_INVALID_ARG_TYPE, TypeError)
    assert issubclass(errors.ERR_INVALID_ARG_VALUE, TypeError)
    for cls in (errors.ERR_SERVER_ALREADY_LISTEN, errors.ERR_SERVER_NOT_RUNNING,
                errors.ERR_SOCKET_CLOSED, errors.ERR_STREAM_WRITE_AFTER_END,
                errors.ERR_STREAM_DESTROYED, errors.ERR_UNHANDLED_ERROR):
        assert issubclass(cls, errors.NodeError)
        assert not issubclass(cls, (TypeError, ValueError))


def test_unhandled_error_keeps_context():
    payload = {'a': 1}
    err = errors.ERR_UNHANDLED_ERROR(payload)
    assert err.context is payload
    assert str(err) == 'Unhandled error. ({ a: 1 })'


# --- system errors -----------------------------------------------------------

def test_system_error_eaddrinuse():
    e = errors.system_error(errno.EADDRINUSE, 'listen', '127.0.0.1', 3000)
    assert isinstance(e, OSError)
    assert isinstance(e, errors.NodeSystemError)
    assert e.code == 'EADDRINUSE'
    assert e.errno == errno.EADDRINUSE
    assert e.syscall == 'listen'
    assert e.address == '127.0.0.1'
    assert e.port == 3000
    assert str(e) == 'listen EADDRINUSE: address already in use 127.0.0.1:3000'
    assert e.message == str(e)


def test_system_error_port_zero_is_left_out():
    e = errors.system_error(errno.EADDRINUSE, 'listen', '127.0.0.1', 0)
    assert str(e) == 'listen EADDRINUSE: address already in use 127.0.0.1'
    assert e.port is None


def test_system_error_without_address():
    e = errors.system_error(errno.EINVAL, 'listen')
    assert str(e) == 'listen EINVAL: invalid argument'
    assert e.address is None and e.port is None
    assert e.code == 'EINVAL'


def test_system_error_unix_path():
    e = errors.system_error(errno.EADDRINUSE, 'listen', '/tmp/x.sock')
    assert str(e) == 'listen EADDRINUSE: address already in use /tmp/x.sock'
    assert e.address == '/tmp/x.sock'


@pytest.mark.parametrize('number, python_class, message', [
    (errno.ECONNRESET, ConnectionResetError, 'read ECONNRESET: connection reset by peer'),
    (errno.ECONNREFUSED, ConnectionRefusedError,
     'read ECONNREFUSED: connection refused'),
    (errno.EPIPE, BrokenPipeError, 'read EPIPE: broken pipe'),
    (errno.EACCES, PermissionError, 'read EACCES: permission denied'),
    (errno.ETIMEDOUT, TimeoutError, 'read ETIMEDOUT: connection timed out'),
    (errno.ENOENT, FileNotFoundError, 'read ENOENT: no such file or directory'),
])
def test_system_error_picks_python_subclass(number, python_class, message):
    e = errors.system_error(number, 'read')
    assert isinstance(e, python_class)
    assert isinstance(e, OSError)
    assert str(e) == message
    assert e.errno == number


def test_system_error_from_oserror():
    e = errors.system_error(ConnectionResetError(errno.ECONNRESET, 'x'), 'read')
    assert isinstance(e, ConnectionResetError)
    assert e.code == 'ECONNRESET'
    assert str(e) == 'read ECONNRESET: connection reset by peer'


def test_system_error_can_be_raised_and_caught_as_oserror():
    with pytest.raises(ConnectionRefusedError) as info:
        raise errors.system_error(errno.ECONNREFUSED, 'connect', '127.0.0.1', 1)
    assert info.value.code == 'ECONNREFUSED'
    assert str(info.value) == 'connect ECONNREFUSED: connection refused 127.0.0.1:1'


def test_system_error_messages_match_node(node_eval):
    # Node's own texts for the errno names gnet reports (libuv's uv_strerror).
    names = ['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'EINVAL', 'ECONNREFUSED', 'ECONNRESET',
             'EPIPE', 'ETIMEDOUT', 'EBADF', 'EMFILE', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH']
    node = node_eval(
        "const { UVExceptionWithHostPort } = require('internal/errors');\n"
        "const { UV_ERRNO_MAP: _unused } = {}; const uv = process.binding('uv');\n"
        'const out = {};\n'
        'for (const n of %s) { const e = new UVExceptionWithHostPort(uv["UV_" + n], "listen", '
        '"127.0.0.1", 3000); out[n] = [e.message, e.code, e.syscall, e.address, e.port]; }\n'
        'console.log(JSON.stringify(out));' % json.dumps(names))
    for name in names:
        e = errors.system_error(getattr(errno, name), 'listen', '127.0.0.1', 3000)
        assert [str(e), e.code, e.syscall, e.address, e.port] == node[name], name


def test_dns_error():
    import socket
    e = errors.dns_error(socket.gaierror(socket.EAI_NONAME, 'x'), 'no-such-host.invalid')
    assert isinstance(e, OSError)
    assert e.code == 'ENOTFOUND'
    assert e.syscall == 'getaddrinfo'
    assert e.hostname == 'no-such-host.invalid'
    assert str(e) == 'getaddrinfo ENOTFOUND no-such-host.invalid'


# --- rendering values as Node does -------------------------------------------

@pytest.mark.parametrize('value, shown', [
    (None, 'undefined'), (True, 'true'), (False, 'false'), (5, '5'), (1.5, '1.5'),
    (2.0, '2'), (float('nan'), 'NaN'), (float('inf'), 'Infinity'),
    (float('-inf'), '-Infinity'), ('abc', "'abc'"), ({}, '{}'),
    ({'port': True}, '{ port: true }'), ({'a': 1, 'b': 'x'}, "{ a: 1, b: 'x' }"),
    ([], '[]'), ([1, 'a'], "[ 1, 'a' ]"),
])
def test_js_inspect(value, shown):
    assert errors.js_inspect(value) == shown


@pytest.mark.parametrize('value, shown', [
    (None, 'undefined'), (True, 'type boolean (true)'), (5, 'type number (5)'),
    ('abc', "type string ('abc')"), ('a' * 26, "type string ('%s')" % ('a' * 26)),
    ({'port': 3000}, 'an instance of Object'), ([1], 'an instance of Array'),
])
def test_describe_received(value, shown):
    assert errors.describe_received(value) == shown


@pytest.mark.parametrize('value, shown', [
    ('a' * 28, "type string ('%s')" % ('a' * 28)),
    ('a' * 29, "type string ('%s...')" % ('a' * 25)),
    ("it's", 'type string ("it\'s")'),
])
def test_describe_received_long_or_quoted_strings(value, shown):
    # Node 20's determineSpecificType: cut the raw string to 25 chars + '...'
    # when it is over 28, then quote with '' unless it holds a ', else JSON.
    assert errors.describe_received(value) == shown


def test_missing_args_plural(node_eval):
    node = node_eval("const { codes } = require('internal/errors');\n"
                     "console.log(JSON.stringify([new codes.ERR_MISSING_ARGS('a', 'b').message,"
                     " new codes.ERR_MISSING_ARGS('a', 'b', 'c').message]));")
    assert [str(errors.ERR_MISSING_ARGS('a', 'b')), str(errors.ERR_MISSING_ARGS('a', 'b', 'c'))] == node
