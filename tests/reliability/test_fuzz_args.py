"""Bad input, fuzzed: listen() / create_server() / connect() / write() / end().

Every call either works or raises Node's error class and code (a
gnet.errors.NodeError, or an OSError / ValueError / TypeError carrying
``.code``); none crashes the process, hangs (each example runs under a
gevent.Timeout), reports an error on stderr, or leaves a socket or any
other descriptor open (/proc/self/fd is counted before and after).

CI profile: 300 examples per test. Full profile: GNET_FULL=1 gives
10,000 per test (see RELIABILITY.md).

Loopback only: name lookups are answered by a fake resolver (only
'localhost' resolves), listen() without a host binds 127.0.0.1 here
instead of '::', valid TCP ports become 0 (listen) or a port bound by this
test that does not listen (connect: ECONNREFUSED).
"""

import os
import socket

import gevent
import gevent.event
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

import gnet
import gnet.server
from gnet import errors
from reliability_helpers import Counter, profile

EXAMPLES = profile(300, 10000)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get('GNET_FULL'),
                suppress_health_check=list(HealthCheck))

_real_getaddrinfo = socket.getaddrinfo


def fake_getaddrinfo(host, port, *args, **kw):
    if host in ('localhost', '127.0.0.1', '::1') or host is None:
        return _real_getaddrinfo('127.0.0.1' if host in ('localhost', None) else host, port,
                                 *args, **kw)
    raise socket.gaierror(socket.EAI_NONAME, 'Name or service not known')


@pytest.fixture(scope='module')
def closed_port():
    """A loopback port that is bound but not listening: connects are refused."""
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    yield s.getsockname()[1]
    s.close()


@pytest.fixture
def loopback_only(monkeypatch, closed_port, tmp_path):
    from gevent import socket as gsocket
    monkeypatch.setattr(gsocket, 'getaddrinfo', fake_getaddrinfo)
    monkeypatch.setattr(gnet.server.Server, '_bind_any',
                        lambda self, request: self._bind_ip('127.0.0.1', request))
    return closed_port


def fd_count():
    return len(os.listdir('/proc/self/fd'))


def check_error(exc):
    """A raised error must be Node's: the right class, and a string .code."""
    assert isinstance(exc, (errors.NodeError, OSError, ValueError, TypeError)), repr(exc)
    assert isinstance(getattr(exc, 'code', None), str), repr(exc)


class HubReports:
    """Counts what the hub reports on stderr (a crashed greenlet or callback)."""

    def __init__(self):
        self.count = 0
        hub = gevent.get_hub()
        self._original = hub.handle_error

        def handle_error(context, type_, value, tb):
            self.count += 1
            return self._original(context, type_, value, tb)
        hub.handle_error = handle_error

    def restore(self):
        gevent.get_hub().handle_error = self._original


@pytest.fixture
def hub_reports():
    reports = HubReports()
    yield reports
    reports.restore()
    assert reports.count == 0


# --- strategies -----------------------------------------------------------------

junk = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=20), st.binary(max_size=20),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=3),
    st.just(object()), st.just(float('inf')),
    st.text(min_size=5000, max_size=5000, alphabet='ab\0\u00e9\U0001F600'))


def ports(valid):
    """Ports that are never a real service port: invalid ones, or *valid*."""
    bad = st.integers().filter(lambda p: not 0 < p < 65536)
    return st.one_of(bad, st.just(valid), bad.map(str), st.just(str(valid)),
                     st.floats(), st.sampled_from(['', ' ', '0x10', '1e3', '-1']), junk)


hosts = st.one_of(st.sampled_from(['127.0.0.1', '::1', 'localhost', '', 'no.such.host',
                                   '999.1.1.1', '::g', '127.0.0.1\0', 'localhost' * 300]),
                  st.text(max_size=30).filter(lambda h: not gnet.is_ip(h)), junk)


def paths(tmp):
    base = str(tmp) + '/'
    return st.one_of(st.text(max_size=40).map(lambda t: base + t.replace('/', '_')),
                     st.just(base + 'x' * 200), st.just(base + 'a\0b'),
                     st.text(max_size=40).map(lambda t: '\0' + t), st.just(''))


OPTION_KEYS = ['port', 'host', 'path', 'backlog', 'exclusive', 'ipv6Only', 'reusePort',
               'readableAll', 'writableAll', 'fd', 'signal', 'allowHalfOpen',
               'pauseOnConnect', 'noDelay', 'keepAlive', 'keepAliveInitialDelay',
               'highWaterMark', 'family', 'localAddress', 'localPort', 'timeout',
               'junkKey', '', '\0']


def option_dicts(port, tmp):
    values = {'port': ports(port), 'host': hosts, 'path': paths(tmp),
              'backlog': st.one_of(st.integers(-10, 10**6), junk),
              'fd': st.one_of(st.integers(-5, 100000), junk)}
    return st.dictionaries(st.sampled_from(OPTION_KEYS), junk, max_size=6).flatmap(
        lambda d: st.fixed_dictionaries(
            {k: values.get(k, st.just(v)) for k, v in d.items()}))


def arg_lists(port, tmp):
    callback = st.sampled_from([lambda *a: None, None, 5, 'cb'])
    return st.one_of(
        st.tuples(ports(port), hosts, st.one_of(st.integers(-5, 10**6), junk), callback),
        st.tuples(ports(port), hosts),
        st.tuples(ports(port)),
        st.tuples(paths(tmp), callback),
        st.tuples(option_dicts(port, tmp), callback),
        st.tuples(option_dicts(port, tmp)),
        st.lists(junk, max_size=4).map(tuple))


# --- running one call --------------------------------------------------------------

def run_listen(args, tmp):
    server = gnet.Server()
    server.on('error', lambda err: None)
    try:
        with gevent.Timeout(5):
            try:
                server.listen(*args)
            except Exception as exc:  # noqa: BLE001 - what we check
                check_error(exc)
            done = gevent.event.Event()
            server.close(lambda err=None: done.set())
            assert done.wait(5), 'close never completed'
    finally:
        if server.listening:
            server.close()


def run_connect(args):
    with gevent.Timeout(5):
        try:
            sock = gnet.connect(*args)
        except Exception as exc:  # noqa: BLE001
            check_error(exc)
            return
        closed = gevent.event.Event()
        sock.on('error', lambda err: check_error(err))
        sock.on('close', lambda had_error: closed.set())
        sock.destroy()
        assert closed.wait(5), "no 'close' after destroy()"


def test_fuzz_listen_arguments(loopback_only, hub_reports, tmp_path):
    run_listen((0, '127.0.0.1'), tmp_path)   # warm-up: lazily made hub descriptors
    before = fd_count()

    @FUZZ
    @given(args=arg_lists(0, tmp_path))
    def check(args):
        run_listen(args, tmp_path)
        assert fd_count() == before

    check()
    assert sorted(os.listdir(tmp_path)) == [], 'listen()/close() left files behind'


def test_fuzz_create_server_arguments(loopback_only, hub_reports):
    before = fd_count()
    callback = st.sampled_from([lambda *a: None, None, 5, 'cb'])

    @FUZZ
    @given(options=st.one_of(option_dicts(0, '/nonexistent'), junk, callback),
           listener=callback, kw=st.dictionaries(st.sampled_from(
               ['allow_half_open', 'pause_on_connect', 'no_delay', 'keep_alive',
                'high_water_mark', 'junk']), junk, max_size=3))
    def check(options, listener, kw):
        with gevent.Timeout(5):
            try:
                server = gnet.create_server(options, listener, **kw)
            except Exception as exc:  # noqa: BLE001
                check_error(exc)
                return
            server.close()
        assert fd_count() == before

    check()


def test_fuzz_connect_arguments(loopback_only, hub_reports, tmp_path):
    run_connect((loopback_only, '127.0.0.1'))   # warm-up
    before = fd_count()

    @FUZZ
    @given(args=arg_lists(loopback_only, tmp_path))
    def check(args):
        run_connect(args)
        assert fd_count() == before

    check()


data_values = st.one_of(
    st.binary(max_size=64), st.text(max_size=64), st.binary(max_size=64).map(bytearray),
    st.binary(max_size=64).map(memoryview), st.text(alphabet='\ud800\udc00\udfff\u00e9a',
                                                    max_size=10), junk)
encodings = st.one_of(st.none(), st.sampled_from(
    ['utf8', 'utf-8', 'UTF8', 'latin1', 'binary', 'ascii', 'ucs2', 'utf16le', 'hex', 'base64',
     'bogus', '', 'rot13', 'undefined', 'idna', 'utf-7']), st.text(max_size=8), junk)
write_callbacks = st.sampled_from([None, lambda err=None: None, 5, 'cb'])
end_callbacks = st.sampled_from([None, lambda err=None: None, 5, 'cb'])


@pytest.fixture
def echo_server():
    """(port, a Counter of server-side sockets closed)."""
    closed = Counter()

    def on_connection(sock):
        sock.on('error', lambda err: None)   # the client's resets
        sock.on('close', lambda had_error: closed.add())
        sock.on('data', sock.write)

    server = gnet.create_server(on_connection)
    server.listen(0, '127.0.0.1')
    yield server.address()['port'], closed
    server.close()


def test_fuzz_write_and_end_arguments(echo_server, hub_reports):
    port, server_closed = echo_server
    made = [0]

    def one(calls, connected_first=True):
        with gevent.Timeout(5):
            sock = gnet.connect(port, '127.0.0.1')
            closed = gevent.event.Event()
            sock.on('error', lambda err: check_error(err))
            sock.on('close', lambda had_error: closed.set())
            if connected_first:   # else every call happens while still connecting
                connected = gevent.event.Event()
                sock.on('connect', connected.set)
                assert connected.wait(5)
                made[0] += 1
            for method, data, encoding, callback in calls:
                try:
                    if method == 'write':
                        sock.write(data, encoding, callback)
                    else:
                        sock.end(data, encoding, callback)
                except Exception as exc:  # noqa: BLE001
                    check_error(exc)
            sock.destroy()
            assert closed.wait(5)
            server_closed.wait_for(made[0], 1)   # the server's side has closed too

    one([('write', b'warm-up', None, None)])
    before = fd_count()
    call = st.one_of(st.tuples(st.just('write'), data_values, encodings, write_callbacks),
                     st.tuples(st.just('end'), data_values, encodings, end_callbacks))

    @settings(FUZZ, phases=(Phase.explicit, Phase.generate))   # fail fast: no shrinking
    @given(calls=st.lists(call, min_size=1, max_size=4), connected_first=st.booleans())
    def check(calls, connected_first):
        one(calls, connected_first)
        assert fd_count() == before

    check()


def test_write_ignores_a_callback_that_is_not_a_function(echo_server, hub_reports):
    sock = gnet.connect(echo_server[0], '127.0.0.1')
    closed = gevent.event.Event()
    sock.on('close', lambda had_error: closed.set())
    got = gevent.event.AsyncResult()
    sock.on('data', got.set)
    sock.write(b'x', None, 'not a function')   # Node: the callback is ignored
    assert got.get(timeout=2) == b"x"
    sock.end()
    assert closed.wait(5)
    assert not sock._had_error


# --- what the fuzzer found, pinned (fixed in gnet/socket/_chunks.py) ----------------

@pytest.mark.parametrize('text,encoding,expected', [
    # Node 20: Buffer.from(text, encoding)
    ('\udc80abc', 'utf8', b'\xef\xbf\xbdabc'),   # a lone surrogate: U+FFFD
    ('a\ud800\udc00', 'utf8', b'a\xf0\x90\x80\x80'),   # a pair joins
    ('\udc80', 'ucs2', b'\x80\xdc'),
    ('\u00e9', 'ascii', b'\xe9'),
    ('\U0001F600', 'latin1', b'=\x00'),   # low byte of each UTF-16 code unit
    ('abc', 'hex', b'\xab'), ('zz', 'hex', b''),
    ('YQ==YQ', 'base64', b'a'), ('aGVsbG8', 'base64', b'hello'), ('@@', 'base64', b''),
])
def test_write_encodes_strings_as_node_does(text, encoding, expected):
    from gnet.socket import _to_bytes
    assert _to_bytes(text, encoding) == expected


def test_end_ignores_a_callback_that_is_not_a_function(echo_server, hub_reports):
    sock = gnet.connect(echo_server[0], '127.0.0.1')
    closed = gevent.event.Event()
    sock.on('close', lambda had_error: closed.set())
    sock.on('data', lambda chunk: None)
    sock.end(b'x', None, 'not a function')   # Node: ignored
    assert closed.wait(5)
    assert not sock._had_error
