"""gnet._args: listen()/connect()/create_server() argument normalisation.

The listen() rows are Node 20's experiment 01 (reference/node-net-behavior.md
sections 2.2 and 2.3), the rows about arguments rather than sockets. Every
error message is compared with what node itself throws for the same call.
"""

import json
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gnet import errors
from gnet._args import (ListenRequest, is_pipe_name, js_number, normalize_connect,
                        normalize_listen, normalize_server_options, validate_port)

P = '/tmp/gnet-test-a.sock'
H = '127.0.0.1'
NAN, INF = float('nan'), float('inf')


def cb():
    """The trailing callback of a listen()/connect() call."""


class FakeHandle:
    """Anything with fileno(): a bound socket, another server."""

    def fileno(self):
        return 99


HANDLE = FakeHandle()

# (id, JavaScript arguments, Python args, Python kwargs, expected).
# expected: a dict of ListenRequest fields, or the Node error code it raises.
LISTEN = [
    ('listen()', '', (), {}, {'kind': 'tcp', 'port': 0, 'host': None, 'backlog': None, 'callback': None}),
    ('listen(cb)', 'cb', (cb,), {}, {'kind': 'tcp', 'port': 0, 'callback': cb}),
    ('listen(null)', 'null', (None,), {}, {'kind': 'tcp', 'port': 0}),
    ('listen(null, cb)', 'null, cb', (None, cb), {}, {'kind': 'tcp', 'port': 0, 'callback': cb}),
    ('listen(0)', '0', (0,), {}, {'kind': 'tcp', 'port': 0, 'host': None}),
    ("listen('0')", "'0'", ('0',), {}, {'kind': 'tcp', 'port': 0}),
    ("listen(' 0 ')", "' 0 '", (' 0 ',), {}, {'kind': 'tcp', 'port': 0}),
    ("listen('0x0')", "'0x0'", ('0x0',), {}, {'kind': 'tcp', 'port': 0}),
    ("listen('38311', host)", "'38311', '127.0.0.1'", ('38311', H), {},
     {'kind': 'tcp', 'port': 38311, 'host': H}),
    ("listen('')", "''", ('',), {}, 'ERR_SOCKET_BAD_PORT'),
    ("listen('  ')", "'  '", ('  ',), {}, 'ERR_SOCKET_BAD_PORT'),
    ('listen(-1)', '-1', (-1,), {}, 'ERR_SOCKET_BAD_PORT'),
    ('listen(65536)', '65536', (65536,), {}, 'ERR_SOCKET_BAD_PORT'),
    ('listen(1.5)', '1.5', (1.5,), {}, 'ERR_SOCKET_BAD_PORT'),
    ('listen(NaN)', 'NaN', (NAN,), {}, 'ERR_SOCKET_BAD_PORT'),
    ('listen(Infinity)', 'Infinity', (INF,), {}, 'ERR_SOCKET_BAD_PORT'),
    ("listen('-1')", "'-1'", ('-1',), {}, {'kind': 'path', 'path': '-1'}),
    ("listen('abc')", "'abc'", ('abc',), {}, {'kind': 'path', 'path': 'abc'}),
    ('listen(true)', 'true', (True,), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen({})', '{}', ({},), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen({port: undefined})', '{port: undefined}', ({'port': None},), {}, {'kind': 'tcp', 'port': 0}),
    ("listen({port: '0'})", "{port: '0'}", ({'port': '0'},), {}, {'kind': 'tcp', 'port': 0}),
    ("listen({port: 'abc'})", "{port: 'abc'}", ({'port': 'abc'},), {}, 'ERR_SOCKET_BAD_PORT'),
    ('listen({port: -1})', '{port: -1}', ({'port': -1},), {}, 'ERR_SOCKET_BAD_PORT'),
    ('listen({port: true})', '{port: true}', ({'port': True},), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen({host})', "{host: '127.0.0.1'}", ({'host': H},), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen({port: 0, path})', None, ({'port': 0, 'path': P},), {}, {'kind': 'tcp', 'port': 0, 'path': None}),
    ('listen({path, port: undefined})', None, ({'path': P, 'port': None},), {}, {'kind': 'tcp', 'port': 0}),
    ("listen({path: '123'})", "{path: '123'}", ({'path': '123'},), {}, 'ERR_INVALID_ARG_VALUE'),
    ("listen({path: ''})", "{path: ''}", ({'path': ''},), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen({path: 123})', '{path: 123}', ({'path': 123},), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen(path)', None, (P,), {}, {'kind': 'path', 'path': P, 'backlog': None}),
    ('listen(path, 5, cb)', None, (P, 5, cb), {}, {'kind': 'path', 'path': P, 'backlog': 5, 'callback': cb}),
    ('listen({path, backlog: 6}, cb)', None, ({'path': P, 'backlog': 6}, cb), {},
     {'kind': 'path', 'path': P, 'backlog': 6, 'callback': cb}),
    ('listen(0, host, cb)', None, (0, H, cb), {}, {'kind': 'tcp', 'host': H, 'backlog': None, 'callback': cb}),
    ('listen(0, host, 5, cb)', None, (0, H, 5, cb), {}, {'kind': 'tcp', 'host': H, 'backlog': 5, 'callback': cb}),
    ("listen(0, host, '5')", None, (0, H, '5'), {}, {'kind': 'tcp', 'host': H, 'backlog': 5, 'callback': None}),
    ('listen(0, 5, cb)', None, (0, 5, cb), {}, {'kind': 'tcp', 'host': None, 'backlog': 5, 'callback': cb}),
    ('listen(0, host, 0)', None, (0, H, 0), {}, {'kind': 'tcp', 'host': H, 'backlog': None}),
    ('listen(0, host, -1)', None, (0, H, -1), {}, {'kind': 'tcp', 'host': H, 'backlog': None}),
    ('listen({port, host, backlog: 3})', None, ({'port': 0, 'host': H, 'backlog': 3},), {},
     {'kind': 'tcp', 'host': H, 'backlog': 3}),
    ('listen({port, host, backlog: 3}, 9)', None, ({'port': 0, 'host': H, 'backlog': 3}, 9), {},
     {'kind': 'tcp', 'backlog': 3}),
    ('listen({port, host}, 9)', None, ({'port': 0, 'host': H}, 9), {}, {'kind': 'tcp', 'backlog': 9}),
    ('listen({..., backlog: -5})', None, ({'port': 0, 'host': H, 'backlog': -5},), {},
     {'kind': 'tcp', 'backlog': -5}),
    ("listen({..., backlog: 'x'})", None, ({'port': 0, 'host': H, 'backlog': 'x'},), {},
     {'kind': 'tcp', 'backlog': 0}),
    ('listen(0, null, cb)', None, (0, None, cb), {}, {'kind': 'tcp', 'host': None, 'callback': cb}),
    ("listen(0, '', cb)", None, (0, '', cb), {}, {'kind': 'tcp', 'host': None, 'callback': cb}),
    ('listen(cb, 0) (cb not last)', None, (cb, 0), {}, {'kind': 'tcp', 'port': 0, 'callback': None}),
    ('listen(0, cb, host) (cb not last)', None, (0, cb, H), {},
     {'kind': 'tcp', 'port': 0, 'host': None, 'callback': None}),
    ("listen(0, '::1')", None, (0, '::1'), {}, {'kind': 'tcp', 'host': '::1'}),
    ("listen(0, '::')", None, (0, '::'), {}, {'kind': 'tcp', 'host': '::'}),
    ("listen(0, '0.0.0.0')", None, (0, '0.0.0.0'), {}, {'kind': 'tcp', 'host': '0.0.0.0'}),
    ('listen({fd: -1})', '{fd: -1}', ({'fd': -1},), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen({fd: 0})', None, ({'fd': 0},), {}, {'kind': 'fd', 'fd': 0}),
    ("listen({fd: 'x'})", "{fd: 'x'}", ({'fd': 'x'},), {}, 'ERR_INVALID_ARG_VALUE'),
    ('listen({port: 0, exclusive: true})', None, ({'port': 0, 'exclusive': True},), {}, {'kind': 'tcp'}),
    ("listen({..., signal: 'x'})", "{port: 0, host: '127.0.0.1', signal: 'x'}",
     ({'port': 0, 'host': H, 'signal': 'x'},), {}, 'ERR_INVALID_ARG_TYPE'),
    ("listen('\\0abstract')", None, ('\0gnet-abstract',), {}, {'kind': 'path', 'path': '\0gnet-abstract'}),
    ('listen({port: 0, host: 123})', '{port: 0, host: 123}', ({'port': 0, 'host': 123},), {},
     'ERR_INVALID_ARG_TYPE'),
    ('listen({port: 0, host: {port: 3000}})', '{port: 0, host: {port: 3000}}',
     ({'port': 0, 'host': {'port': 3000}},), {}, 'ERR_INVALID_ARG_TYPE'),
    ('listen(otherServer)', None, (HANDLE,), {}, {'kind': 'handle', 'handle': HANDLE, 'backlog': None}),
    ('listen({handle})', None, ({'handle': HANDLE},), {}, {'kind': 'handle', 'handle': HANDLE}),
    ('listen({_handle}, 7)', None, ({'_handle': HANDLE}, 7), {}, {'kind': 'handle', 'backlog': 7}),
    # Python keyword forms (snake_case keys become Node's option keys).
    ('listen(port=0, host, backlog=5, callback=cb)', None, (),
     {'port': 0, 'host': H, 'backlog': 5, 'callback': cb},
     {'kind': 'tcp', 'port': 0, 'host': H, 'backlog': 5, 'callback': cb}),
    ('listen(path=P)', None, (), {'path': P}, {'kind': 'path', 'path': P}),
    ('listen(0, ipv6_only=True)', None, (0,), {'ipv6_only': True}, {'kind': 'tcp', 'ipv6_only': True}),
    ('listen({port: 0, ipv6Only: true})', None, ({'port': 0, 'ipv6Only': True},), {},
     {'kind': 'tcp', 'ipv6_only': True}),
]

LISTEN_THROWS = [row for row in LISTEN if isinstance(row[4], str)]


@pytest.fixture(scope='module')
def node_listen_errors(node_eval):
    calls = ',\n'.join(
        '(() => { const s = net.createServer(); s.on("error", () => {}); '
        'try { s.listen(%s); s.close(); return null; } '
        'catch (e) { return [e.name, e.code, e.message]; } })()' % js
        for _, js, _, _, _ in LISTEN_THROWS)
    return node_eval("const net = require('net');\nconst cb = () => {};\n"
                     'console.log(JSON.stringify([%s]));' % calls)


@pytest.mark.parametrize('label, js, args, kwargs, expected', LISTEN, ids=[r[0] for r in LISTEN])
def test_normalize_listen(label, js, args, kwargs, expected):
    if isinstance(expected, str):
        with pytest.raises(errors.NodeError) as info:
            normalize_listen(args, kwargs)
        assert info.value.code == expected
        return
    request = normalize_listen(args, kwargs)
    assert isinstance(request, ListenRequest)
    for field, value in expected.items():
        assert getattr(request, field) == value, field


@pytest.mark.parametrize('index', range(len(LISTEN_THROWS)), ids=[r[0] for r in LISTEN_THROWS])
def test_listen_error_matches_node(index, node_listen_errors):
    _, _, args, kwargs, code = LISTEN_THROWS[index]
    with pytest.raises(errors.NodeError) as info:
        normalize_listen(args, kwargs)
    name, node_code, node_message = node_listen_errors[index]
    assert (info.value.code, str(info.value)) == (node_code, node_message) and node_code == code
    assert isinstance(info.value, {'TypeError': TypeError, 'RangeError': ValueError}[name])


def test_listen_abstract_path_with_readable_all_matches_node(node_eval):
    node = node_eval("const s = require('net').createServer();\n"
                     "try { s.listen({path: '\\0gnet-abstract', readableAll: true}); } "
                     'catch (e) { console.log(JSON.stringify([e.code, e.message])); }')
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE) as info:
        normalize_listen(({'path': '\0gnet-abstract', 'readableAll': True},))
    assert [info.value.code, str(info.value)] == node


@pytest.mark.parametrize('options', [{'path': '\0x', 'readableAll': True},
                                     {'path': '\0x', 'writableAll': True}])
def test_listen_abstract_path_refuses_readable_all(options):
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE) as info:
        normalize_listen((options,))
    assert 'can not set readableAll or writableAllt to true when path is abstract unix socket' \
        in str(info.value)


def test_listen_abort_signal_is_kept():
    class Signal:
        aborted = False

    signal = Signal()
    assert normalize_listen(({'port': 0, 'signal': signal},)).signal is signal


def test_listen_does_not_touch_the_callers_options():
    options = {'port': None}
    normalize_listen((options,))
    assert options == {'port': None}


# --- connect -------------------------------------------------------------------

CONNECT = [
    ('connect(port)', None, (80,), {}, ({'port': 80}, None)),
    ("connect('8080')", None, ('8080',), {}, ({'port': 8080}, None)),
    ('connect(port, host, cb)', None, (80, 'example.com', cb), {},
     ({'port': 80, 'host': 'example.com'}, cb)),
    ('connect(port, cb)', None, (80, cb), {}, ({'port': 80}, cb)),
    ('connect(path)', None, (P,), {}, ({'path': P}, None)),
    ('connect(path, cb)', None, (P, cb), {}, ({'path': P}, cb)),
    ('connect({port, host}, cb)', None, ({'port': '80', 'host': H},), {'callback': cb},
     ({'port': 80, 'host': H}, cb)),
    ('connect(port=80, local_address=...)', None, (), {'port': 80, 'local_address': H},
     ({'port': 80, 'localAddress': H}, None)),
    ('connect()', '', (), {}, 'ERR_MISSING_ARGS'),
    ('connect({})', '{}', ({},), {}, 'ERR_MISSING_ARGS'),
    ('connect({host})', "{host: '127.0.0.1'}", ({'host': H},), {}, 'ERR_MISSING_ARGS'),
    ('connect(-1)', '-1', (-1,), {}, 'ERR_SOCKET_BAD_PORT'),
    ('connect(65536)', '65536', (65536,), {}, 'ERR_SOCKET_BAD_PORT'),
    ("connect({port: 'abc'})", "{port: 'abc'}", ({'port': 'abc'},), {}, 'ERR_SOCKET_BAD_PORT'),
    ("connect({port: ''})", "{port: ''}", ({'port': ''},), {}, 'ERR_SOCKET_BAD_PORT'),
    ('connect({port: 1.5})', '{port: 1.5}', ({'port': 1.5},), {}, 'ERR_SOCKET_BAD_PORT'),
    ('connect({port: true})', '{port: true}', ({'port': True},), {}, 'ERR_INVALID_ARG_TYPE'),
    ('connect({port: {}})', '{port: {}}', ({'port': {}},), {}, 'ERR_INVALID_ARG_TYPE'),
    ('connect({path: 123})', '{path: 123}', ({'path': 123},), {}, 'ERR_INVALID_ARG_TYPE'),
    ('connect({port: 80, host: 123})', '{port: 80, host: 123}', ({'port': 80, 'host': 123},), {},
     'ERR_INVALID_ARG_TYPE'),
]
CONNECT_THROWS = [row for row in CONNECT if isinstance(row[4], str)]


@pytest.fixture(scope='module')
def node_connect_errors(node_eval):
    calls = ',\n'.join(
        '(() => { try { const c = net.connect(%s); c.on("error", () => {}); c.destroy(); '
        'return null; } catch (e) { return [e.name, e.code, e.message]; } })()' % js
        for _, js, _, _, _ in CONNECT_THROWS)
    return node_eval("const net = require('net');\n"
                     'console.log(JSON.stringify([%s]));' % calls)


@pytest.mark.parametrize('label, js, args, kwargs, expected', CONNECT, ids=[r[0] for r in CONNECT])
def test_normalize_connect(label, js, args, kwargs, expected):
    if isinstance(expected, str):
        with pytest.raises(errors.NodeError) as info:
            normalize_connect(args, kwargs)
        assert info.value.code == expected
        return
    options, callback = normalize_connect(args, kwargs)
    want_options, want_callback = expected
    assert callback is want_callback
    for key, value in want_options.items():
        assert options[key] == value, key


@pytest.mark.parametrize('index', range(len(CONNECT_THROWS)), ids=[r[0] for r in CONNECT_THROWS])
def test_connect_error_matches_node(index, node_connect_errors):
    _, _, args, kwargs, code = CONNECT_THROWS[index]
    with pytest.raises(errors.NodeError) as info:
        normalize_connect(args, kwargs)
    name, node_code, node_message = node_connect_errors[index]
    assert (info.value.code, str(info.value)) == (node_code, node_message) and node_code == code
    assert isinstance(info.value, {'TypeError': TypeError, 'RangeError': ValueError}[name])


def test_connect_port_none_counts_as_missing():
    # Python has one "nothing": None is Node's undefined here ({port: undefined}).
    with pytest.raises(errors.ERR_MISSING_ARGS):
        normalize_connect(({'port': None},))


# --- create_server options -------------------------------------------------------

SERVER_OPTIONS_THROW = [
    ("'x'", 'x', {}),
    ('42', 42, {}),
    ("{keepAliveInitialDelay: '1000'}", {'keepAliveInitialDelay': '1000'}, {}),
    ('{keepAliveInitialDelay: true}', {'keepAliveInitialDelay': True}, {}),
    ("{highWaterMark: '1024'}", {'highWaterMark': '1024'}, {}),
    ("{highWaterMark: '1024'} (keyword)", None, {'high_water_mark': '1024'}),
]


@pytest.fixture(scope='module')
def node_server_option_errors(node_eval):
    calls = ',\n'.join(
        '(() => { try { net.createServer(%s); return null; } '
        'catch (e) { return [e.name, e.code, e.message]; } })()'
        % (js.replace(' (keyword)', ''))
        for js, _, _ in SERVER_OPTIONS_THROW)
    return node_eval("const net = require('net');\n"
                     'console.log(JSON.stringify([%s]));' % calls)


@pytest.mark.parametrize('index', range(len(SERVER_OPTIONS_THROW)),
                         ids=[r[0] for r in SERVER_OPTIONS_THROW])
def test_server_option_errors_match_node(index, node_server_option_errors):
    _, options, kwargs = SERVER_OPTIONS_THROW[index]
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        normalize_server_options(options, kwargs)
    name, code, message = node_server_option_errors[index]
    assert name == 'TypeError' and isinstance(info.value, TypeError)
    assert (info.value.code, str(info.value)) == (code, message)


def test_server_options_accepted_forms():
    assert normalize_server_options(None, {}) == {}
    assert normalize_server_options({}, {}) == {}
    original = {'allowHalfOpen': True}
    merged = normalize_server_options(original, {'pause_on_connect': True})
    assert merged == {'allowHalfOpen': True, 'pauseOnConnect': True}
    assert merged is not original and original == {'allowHalfOpen': True}
    assert normalize_server_options({'noDelay': False}, {'no_delay': True}) == {'noDelay': True}


def test_server_options_numbers():
    assert normalize_server_options({'keepAliveInitialDelay': -5}, {})['keepAliveInitialDelay'] == 0
    assert normalize_server_options({'keepAliveInitialDelay': 3500}, {})['keepAliveInitialDelay'] == 3500
    assert normalize_server_options({'highWaterMark': 1024}, {})['highWaterMark'] == 1024
    # Node: a negative highWaterMark means the default; NaN is kept.
    assert 'highWaterMark' not in normalize_server_options({'highWaterMark': -1}, {})
    assert math.isnan(normalize_server_options({'highWaterMark': NAN}, {})['highWaterMark'])


# --- ports and numbers -------------------------------------------------------------

@given(st.integers(min_value=0, max_value=65535))
def test_validate_port_accepts_every_port_and_its_string(port):
    assert validate_port(port) == port
    assert validate_port(str(port)) == port
    assert validate_port(' %d ' % port) == port
    assert validate_port(float(port)) == port


# Strings holding a letter that no JavaScript number literal uses.
_NOT_NUMERIC_TEXT = st.text().map(lambda s: s + 'z')
_BAD_PORTS = st.one_of(
    st.integers().filter(lambda n: not 0 <= n <= 65535),
    st.floats().filter(lambda x: math.isnan(x) or math.isinf(x) or x != int(x) or not 0 <= x <= 65535),
    _NOT_NUMERIC_TEXT,
    st.integers().filter(lambda n: not 0 <= n <= 65535).map(str),
    st.sampled_from(['', ' ', '\t', '1.5', '-1', '65536', 'NaN', 'Infinity', '0x10000']),
    st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(_BAD_PORTS)
def test_validate_port_rejects_everything_else_with_bad_port(value):
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT) as info:
        validate_port(value)
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith('options.port should be >= 0 and < 65536. Received ')


_ANY = st.one_of(
    st.integers(), st.floats(), st.text(max_size=20), st.booleans(), st.none(),
    st.dictionaries(st.sampled_from(['port', 'host', 'path', 'backlog', 'fd', 'exclusive']),
                    st.one_of(st.integers(), st.floats(), st.text(max_size=8), st.none(),
                              st.booleans()), max_size=4),
)


@given(_ANY, st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=8)))
def test_normalize_listen_raises_only_node_errors(first, second):
    # An infinite backlog is a known bug, pinned by test_infinite_backlog_is_not_an_overflow.
    backlogs = [second, first.get('backlog') if isinstance(first, dict) else None]
    assume(not any(isinstance(b, (int, float, str)) and math.isinf(js_number(b)) for b in backlogs))
    for args in ((first,), (first, second)):
        try:
            request = normalize_listen(args)
        except (errors.ERR_SOCKET_BAD_PORT, errors.ERR_INVALID_ARG_VALUE,
                errors.ERR_INVALID_ARG_TYPE):
            continue
        assert request.kind in ('tcp', 'path', 'fd', 'handle')
        if request.kind == 'tcp':
            assert 0 <= request.port <= 65535


@pytest.mark.parametrize('args', [(0, INF), ({'port': 0, 'backlog': INF},), (0, H, '1e400')])
def test_infinite_backlog_is_not_an_overflow(args):
    normalize_listen(args)


@given(st.integers(min_value=0, max_value=65535))
def test_js_number_of_a_port_string(port):
    assert js_number(str(port)) == port
    assert not is_pipe_name(str(port))


JS_NUMBER_CASES = ['', ' ', '0', ' 0 ', '0x0', '0x1F', '0X1f', '0o17', '0b101', '1e3', '1.5',
                   '.5', '5.', '+5', '-5', 'Infinity', '-Infinity', 'abc', '\t7\n', 'NaN',
                   '1e400', '00012', '-0', '0x', '0b', '1e', 'e5', ' +1e-2 ']
JS_NUMBER_BUGS = ['infinity', '\u0663', '0x 1', '0x1_0', '0x-1']


def _render(number):
    if math.isnan(number):
        return 'NaN'
    if math.isinf(number):
        return 'Infinity' if number > 0 else '-Infinity'
    return number


@pytest.fixture(scope='module')
def node_numbers(node_eval):
    source = ('const xs = %s;\nconsole.log(JSON.stringify(xs.map((x) => { const n = Number(x); '
              "return Number.isNaN(n) ? 'NaN' : n === Infinity ? 'Infinity' : "
              "n === -Infinity ? '-Infinity' : n; })));")
    return dict(zip(JS_NUMBER_CASES + JS_NUMBER_BUGS,
                    node_eval(source % json.dumps(JS_NUMBER_CASES + JS_NUMBER_BUGS))))


@pytest.mark.parametrize('text', JS_NUMBER_CASES)
def test_js_number_matches_node(text, node_numbers):
    assert _render(js_number(text)) == node_numbers[text]


@pytest.mark.parametrize('text', JS_NUMBER_BUGS)
def test_js_number_matches_node_on_odd_strings(text, node_numbers):
    assert _render(js_number(text)) == node_numbers[text]


@pytest.mark.parametrize('value, expected', [
    (True, 1.0), (False, 0.0), (None, 0.0), (7, 7.0), (2.5, 2.5), ([], NAN), ({}, NAN),
])
def test_js_number_of_non_strings(value, expected):
    result = js_number(value)
    assert (math.isnan(result) and math.isnan(expected)) or result == expected
