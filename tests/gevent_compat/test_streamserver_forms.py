"""gnet.Server as gevent's StreamServer: every scenario runs on both, traces compared.

gevent's ``StreamServer`` is the oracle: each scenario takes the server
class, returns what a program would observe (bytes, states, exception
types and messages), and must give the same trace on ``gnet.Server``.
Each test also checks the trace itself, so two runs that fail alike
cannot pass.
"""

import errno
import os
import socket

import gevent
import gevent.local
import gevent.pool
import gevent.ssl
import pytest
from gevent import socket as gsocket
from gevent.event import AsyncResult, Event

import gnet

LOCAL = '127.0.0.1'


def exchange(port, data=b'', host=LOCAL, shut=True):
    """Connect, send *data*, half-close, read until EOF: the bytes read."""
    with gsocket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(data)
        if shut:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b''.join(chunks)
            chunks.append(chunk)


def echo_upper(sock, address):
    """A gevent handler: read to EOF, answer the upper-cased bytes and the address shape."""
    data = sock.makefile('rb').read()
    sock.sendall(data.upper() + b' from %s' % type(address).__name__.encode())


class UpperServer:
    """Mixed into each class under test: gevent's subclass form, ``handle`` a method."""

    def handle(self, sock, address):
        echo_upper(sock, address)


def subclass_of(cls):
    """The same subclass of either class (named alike, so reprs compare)."""
    return type('Upper', (UpperServer, cls), {})


# --- construction forms -------------------------------------------------------------

@pytest.mark.parametrize('listener', [(LOCAL, 0), LOCAL + ':0'], ids=['tuple', 'string'])
def test_address_forms_bind_at_start_and_serve(both, listener):
    def scenario(cls):
        server = cls(listener, echo_upper)
        before = (server.started, server.closed, server.server_host, server.server_port)
        server.start()
        try:
            port = server.server_port
            return before, server.server_host, port > 0, exchange(port, b'abc')
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents
    assert gevents == ((False, True, LOCAL, 0), LOCAL, True, b'ABC from tuple')


@pytest.mark.parametrize('listener, expected', [
    (':8000', ('', 8000)), ('127.0.0.1:8000', ('127.0.0.1', 8000)),
    ('[::1]:8000', ('::1', 8000)), ('*:8000', ('', 8000)), (8000, ('', 8000)),
    (('::1', 8000), ('::1', 8000)),
])
def test_address_forms_parse_as_gevent_parses_them(both, listener, expected):
    # Not started: nothing binds (no port is taken), only the parse shows.
    def scenario(cls):
        server = cls(listener, echo_upper)
        try:
            return server.server_host, server.server_port, server.family, server.started
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents
    assert gevents[:2] == expected


def test_bad_addresses_fail_as_gevent_fails(both):
    def scenario(cls):
        outcomes = []
        for listener in ('path', 'host:port', '', ('256.0.0.1', 'x')):
            try:
                cls(listener, echo_upper).start()
            except (TypeError, ValueError, OSError) as exc:
                outcomes.append((type(exc).__name__, str(exc)))
        return outcomes
    gevents, ours = both(scenario)
    assert ours == gevents
    assert [kind for kind, _ in gevents] == ['ValueError', 'ValueError', 'ValueError',
                                             'TypeError']


def test_a_listener_of_neither_form_gets_nodes_error():
    # A list or a float is neither gevent's listener nor Node's options:
    # Node's check answers (StreamServer's message differs; see docs/from-gevent.md).
    for listener in ([LOCAL, 0], 1.5):
        with pytest.raises(TypeError) as info:
            gnet.Server(listener, echo_upper)
        assert info.value.code == 'ERR_INVALID_ARG_TYPE'


def test_listening_socket_form_accepts_only_after_start(both):
    def scenario(cls):
        listener = gsocket.socket()
        listener.bind((LOCAL, 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        server = cls(listener, echo_upper)
        client = gsocket.create_connection((LOCAL, port), timeout=5)
        client.settimeout(0.2)
        try:
            client.recv(10)
            early = 'answered'
        except socket.timeout:
            early = 'queued, not accepted'  # connected to the backlog, nobody serving it
        state = (server.started, server.closed)
        server.start()
        try:
            client.settimeout(5)
            client.sendall(b'first')
            client.shutdown(socket.SHUT_WR)
            first = client.recv(100)
            return early, state, first, exchange(port, b'second'), server.server_port == port
        finally:
            client.close()
            server.stop()
            listener.close()
    gevents, ours = both(scenario)
    assert ours == gevents
    assert gevents == ('queued, not accepted', (False, False), b'FIRST from tuple',
                       b'SECOND from tuple', True)


def test_backlog_with_a_socket_is_a_type_error_and_closes_it(both):
    def scenario(cls):
        listener = gsocket.socket()
        listener.bind((LOCAL, 0))
        listener.listen(5)
        try:
            cls(listener, echo_upper, backlog=25)
        except TypeError as exc:
            return str(exc), listener.fileno()
        finally:
            listener.close()
    gevents, ours = both(scenario)
    assert ours == gevents
    assert gevents == ('backlog must be None when a socket instance is passed', -1)


def test_backlog_with_an_address_is_taken(both):
    def scenario(cls):
        server = cls((LOCAL, 0), echo_upper, backlog=7)
        server.start()
        try:
            return server.backlog, exchange(server.server_port, b'x')
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == (7, b'X from tuple')


def test_node_forms_still_work_beside_gevents():
    seen = AsyncResult()
    server = gnet.Server(lambda sock: sock.end(b'node'))
    options_server = gnet.Server({'allowHalfOpen': True}, lambda sock: seen.set(sock))
    try:
        server.listen(0, LOCAL)
        assert exchange(server.address()['port']) == b'node'
        assert options_server.allow_half_open is True and not options_server.listening
    finally:
        server.close()
        options_server.close()


@pytest.mark.parametrize('keyword', ['handle', 'backlog', 'keyfile', 'certfile', 'ssl_context',
                                     'ca_certs', 'cert_reqs', 'ciphers'])
def test_gevent_keywords_in_nodes_form_raise_instead_of_being_ignored(keyword):
    with pytest.raises(TypeError) as info:
        gnet.Server(lambda sock: None, **{keyword: 'x'})
    assert str(info.value).startswith('%s= is only in gevent\'s form' % keyword)


def test_create_server_is_nodes_form_only():
    with pytest.raises(gnet.errors.ERR_INVALID_ARG_TYPE) as info:
        gnet.create_server((LOCAL, 0))
    assert str(info.value) == ('The "options" argument must be of type object. '
                               'Received an instance of Array')  # Node's name for it


def test_bind_failure_raises_from_start_as_gevent_does(both):
    def scenario(cls):
        blocker = gsocket.socket()
        blocker.bind((LOCAL, 0))
        blocker.listen(1)
        address = blocker.getsockname()
        server = cls(address, echo_upper)
        try:
            server.start()
        except OSError as exc:
            return exc.errno, exc.strerror.replace(str(address[1]), 'PORT'), server.started
        finally:
            server.stop()
            blocker.close()
    gevents, ours = both(scenario)
    assert ours == gevents
    assert gevents == (errno.EADDRINUSE, "Address already in use: ('127.0.0.1', PORT)", False)


# --- the handler ------------------------------------------------------------------

def test_a_subclass_handle_method_serves(both):
    def scenario(cls):
        server = subclass_of(cls)((LOCAL, 0))
        server.start()
        try:
            return exchange(server.server_port, b'sub')
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == b'SUB from tuple'


def test_set_handle_replaces_the_handler_and_shows_in_repr(both):
    def reverse(sock, address):
        sock.sendall(sock.makefile('rb').read()[::-1])

    def scenario(cls):
        server = subclass_of(cls)((LOCAL, 0))
        server.start()
        try:
            first = exchange(server.server_port, b'one')
            reprs = ['handle=' in repr(server)]
            server.set_handle(server.handle)  # gevent's PR 501: no recursion
            reprs.append(repr(server).split('handle=')[1])
            server.set_handle(reverse)
            second = exchange(server.server_port, b'two')
            reprs.append(repr(server).split('handle=')[1].split(' at ')[0])
            return first, second, reprs
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == (b'ONE from tuple', b'owt', [
        False, '<bound method Upper.handle of self>>',
        '<function test_set_handle_replaces_the_handler_and_shows_in_repr.<locals>.reverse'])


@pytest.mark.parametrize('spawn', ['default', None, 2, 'pool', 'spawn_raw'])
def test_every_spawn_form_serves(both, spawn):
    def reply(sock, address):
        # spawn=None runs this in the hub: it must not block, so no read.
        sock.sendall(b'spawned')

    def scenario(cls):
        value = {'pool': gevent.pool.Pool(3), 'spawn_raw': gevent.spawn_raw}.get(spawn, spawn)
        server = cls((LOCAL, 0), reply, spawn=value)
        server.start()
        try:
            return [exchange(server.server_port, shut=False) for _ in range(3)]
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == [b'spawned'] * 3


def test_spawn_none_reports_a_blocking_handler_and_closes_the_connection(both):
    def scenario(cls):
        reported = AsyncResult()
        hub = gevent.get_hub()

        def blocking(sock, address):
            gevent.sleep(0.01)
        server = cls((LOCAL, 0), blocking, spawn=None)
        server.start()
        hub.handle_error = lambda context, kind, value, tb: reported.set((kind, str(value)))
        try:
            answer = exchange(server.server_port, shut=False)
            return answer, reported.get(timeout=5)
        finally:
            del hub.handle_error
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents
    assert gevents == (b'', (gevent.exceptions.BlockingSwitchOutError,
                             'Impossible to call blocking function in the event loop callback'))


def test_half_open_client_still_gets_the_answer(both):
    # A gevent socket never ends itself at the peer's FIN.
    def scenario(cls):
        def late_answer(sock, address):
            data = sock.makefile('rb').read()  # to EOF
            gevent.sleep(0)
            sock.sendall(b'after EOF: ' + data)
        server = cls((LOCAL, 0), late_answer)
        server.start()
        try:
            return exchange(server.server_port, b'half')
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == b'after EOF: half'


def test_a_failing_handler_is_reported_and_the_server_goes_on(both):
    def scenario(cls):
        reported = []
        hub = gevent.get_hub()

        def failing(sock, address):
            if sock.makefile('rb').read() == b'fail':
                raise ZeroDivisionError('handler failed')
            sock.sendall(b'ok')
        server = cls((LOCAL, 0), failing)
        server.start()
        hub.handle_error = lambda context, kind, value, tb: reported.append((kind, str(value)))
        try:
            return exchange(server.server_port, b'fail'), exchange(server.server_port, b'x'), \
                reported
        finally:
            del hub.handle_error
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == (b'', b'ok', [(ZeroDivisionError, 'handler failed')])


# --- spawning fails ------------------------------------------------------------------

class SpawnFailed(Exception):
    pass


def test_when_spawning_fails_the_accepted_socket_is_closed(both):
    def scenario(cls):
        reported = AsyncResult()
        hub = gevent.get_hub()
        server = cls((LOCAL, 0), echo_upper)
        server.start()

        def failing_spawn(*args):
            raise SpawnFailed('no greenlet for you')
        server._spawn = failing_spawn
        hub.handle_error = lambda context, kind, value, tb: reported.set((kind, str(value)))
        try:
            answer = exchange(server.server_port, shut=False)
            return answer, reported.get(timeout=5)
        finally:
            del hub.handle_error
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == (b'', (SpawnFailed, 'no greenlet for you'))


def test_when_spawning_fails_gnet_counts_no_connection_and_closes_at_once(zope_subscribers):
    hub = gevent.get_hub()
    reported = AsyncResult()
    server = gnet.Server((LOCAL, 0), echo_upper)
    closed_sockets = AsyncResult()  # no 'connection' came: zope.event sees its 'close'
    zope_subscribers.append(lambda event: event.name == 'close' and isinstance(
        event.target, gnet.Socket) and closed_sockets.set(event.args))
    server.start()

    def failing_spawn(*args):
        raise SpawnFailed('no greenlet')
    server._spawn = failing_spawn
    hub.handle_error = lambda context, kind, value, tb: reported.set(kind)
    try:
        assert exchange(server.server_port, shut=False) == b''
        assert reported.get(timeout=5) is SpawnFailed
        count = AsyncResult()
        server.get_connections(lambda err, n: count.set((err, n)))
        assert count.get(timeout=5) == (None, 0)
        assert closed_sockets.get(timeout=5) == (False,)
        closed = Event()
        server.close(lambda *err: closed.set())
        assert closed.wait(5)  # the server's 'close': no connection holds it
    finally:
        del hub.handle_error
        server.stop()


# --- lifecycle ------------------------------------------------------------------------

def test_states_and_address_across_start_stop_restart(both):
    def scenario(cls):
        server = subclass_of(cls)((LOCAL, 0))
        trace = [('new', server.started, server.closed, server.server_port)]
        server.start()
        port = server.server_port
        trace.append(('started', server.started, server.closed, port > 0,
                      exchange(port, b'a')))
        server.stop()
        trace.append(('stopped', server.started, server.closed, server.server_host,
                      server.server_port == port))
        server.start()  # binds the same address again
        trace.append(('restarted', server.started, server.server_port == port,
                      exchange(port, b'b')))
        server.stop()
        return trace
    gevents, ours = both(scenario)
    assert ours == gevents == [
        ('new', False, True, 0),
        ('started', True, False, True, b'A from tuple'),
        ('stopped', False, True, LOCAL, True),
        ('restarted', True, True, b'B from tuple'),
    ]


def test_serve_forever_killed_stops_the_server(both):
    def scenario(cls):
        server = subclass_of(cls)((LOCAL, 0))
        runner = gevent.spawn(server.serve_forever)
        gevent.sleep(0)  # one switch: serve_forever() runs start(), then waits
        assert server.started
        port = server.server_port
        answer = exchange(port, b'sf')
        runner.kill()
        refused = None
        try:
            gsocket.create_connection((LOCAL, port), timeout=5).close()
        except ConnectionRefusedError:
            refused = True
        return answer, server.started, server.closed, refused
    gevents, ours = both(scenario)
    assert ours == gevents == (b'SF from tuple', False, True, True)


def test_with_statement_stops_the_server(both):
    def scenario(cls):
        with subclass_of(cls)((LOCAL, 0)) as server:
            server.start()
            answer = exchange(server.server_port, b'w')
        return answer, server.started, server.closed
    gevents, ours = both(scenario)
    assert ours == gevents == (b'W from tuple', False, True)


def test_stop_kills_handlers_past_the_timeout(both):
    def scenario(cls):
        running = Event()

        def stuck(sock, address):
            running.set()
            sock.recv(10)  # the client never sends
        server = cls((LOCAL, 0), stuck, spawn=gevent.pool.Pool(5))
        server.start()
        client = gsocket.create_connection((LOCAL, server.server_port), timeout=5)
        try:
            assert running.wait(5)
            server.stop(timeout=0.05)
            return client.recv(10)  # EOF once the handler was killed
        finally:
            client.close()
    gevents, ours = both(scenario)
    assert ours == gevents == b''


# --- TLS -----------------------------------------------------------------------------

def tls_exchange(ca, port, data):
    context = gevent.ssl.SSLContext(gevent.ssl.PROTOCOL_TLS_CLIENT)
    ca.configure_trust(context)
    with gsocket.create_connection((LOCAL, port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname='localhost') as sock:
            sock.sendall(data)
            return sock.recv(100), sock.version() is not None


def tls_handle(sock, address):
    line = sock.recv(100)
    sock.sendall(b'%s %s %s' % (line, type(sock).__module__.encode(),
                                type(sock).__name__.encode()))


@pytest.mark.parametrize('how', ['keyfile', 'ssl_context'])
def test_ssl_arguments_give_the_handler_geventss_ssl_socket(both, tls_files, how):
    ca, keyfile, certfile = tls_files

    def scenario(cls):
        if how == 'keyfile':
            server = cls((LOCAL, 0), tls_handle, keyfile=keyfile, certfile=certfile)
        else:
            context = gevent.ssl.SSLContext(gevent.ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            server = cls((LOCAL, 0), tls_handle, ssl_context=context)
        server.start()
        try:
            return server.ssl_enabled, tls_exchange(ca, server.server_port, b'secret')
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == (True, (b'secret gevent.ssl SSLSocket', True))


def test_a_plaintext_client_never_gets_plaintext_from_a_tls_server(both, tls_files):
    _, keyfile, certfile = tls_files

    def scenario(cls):
        reported = AsyncResult()
        hub = gevent.get_hub()
        server = cls((LOCAL, 0), tls_handle, keyfile=keyfile, certfile=certfile)
        server.start()
        hub.handle_error = lambda context, kind, value, tb: reported.set(kind)
        try:
            try:
                answer = exchange(server.server_port, b'GET / HTTP/1.0\r\n\r\n')
            except ConnectionResetError:  # the alert, then a reset: timing decides
                answer = b''
            leaked = b'GET' in answer or b'gevent' in answer
            return leaked, issubclass(reported.get(timeout=5), gevent.ssl.SSLError)
        finally:
            del hub.handle_error
            server.stop()
    gevents, ours = both(scenario)
    # Never the handler's bytes; the failed handshake is reported as gevent reports it.
    assert ours == gevents == (False, True)


def test_a_tls_connection_is_counted_until_its_handler_returns_then_closes(tls_files):
    ca, keyfile, certfile = tls_files
    events = []
    handler_done = Event()
    sock_closed = Event()

    def handle(sock, address):
        count = AsyncResult()
        server.get_connections(lambda err, n: count.set(n))
        events.append(('in handler', count.get(timeout=5)))
        tls_handle(sock, address)
        handler_done.set()

    def on_connection(sock):
        events.append(('connection', type(sock).__name__))
        sock.on('close', lambda had_error: (events.append(('close', had_error)),
                                            sock_closed.set()))
    server = gnet.Server((LOCAL, 0), handle, keyfile=keyfile, certfile=certfile)
    server.on('connection', on_connection)
    server.start()
    fds = len(os.listdir('/proc/self/fd'))
    try:
        assert tls_exchange(ca, server.server_port, b'hello') == \
            (b'hello gevent.ssl SSLSocket', True)
        assert handler_done.wait(5) and sock_closed.wait(5)
        count = AsyncResult()
        server.get_connections(lambda err, n: count.set(n))
        assert count.get(timeout=5) == 0
        assert events == [('connection', 'Socket'), ('in handler', 1), ('close', False)]
        assert len(os.listdir('/proc/self/fd')) == fds
    finally:
        server.stop()


def test_address_is_gevents_attribute_and_nodes_method(both):
    def scenario(cls):
        server = subclass_of(cls)((LOCAL, 0))
        trace = [server.address, isinstance(server.address, tuple)]
        server.start()
        host, port = server.address
        trace += [host, server.address == (LOCAL, port), server.address[1] == port]
        server.stop()
        trace += [server.address == (LOCAL, port)]
        return trace
    gevents, ours = both(scenario)
    assert ours == gevents == [(LOCAL, 0), True, LOCAL, True, True, True]
    server = gnet.Server((LOCAL, 0), echo_upper)
    assert server.address() is None  # Node's: not listening
    server.start()
    try:
        port = server.address[1]
        assert server.address() == {'address': LOCAL, 'family': 'IPv4', 'port': port}
    finally:
        server.stop()
    node_form = gnet.Server()
    assert node_form.address == () and node_form.address() is None


def test_gevents_form_needs_a_handle(both):
    def scenario(cls):
        try:
            cls((LOCAL, 0))
        except TypeError as exc:
            return str(exc)
    gevents, ours = both(scenario)
    assert ours == gevents == "'handle' must be provided"


def test_a_subclass_do_close_closes_each_connection(both):
    def scenario(cls):
        closed = []

        class Closing(UpperServer, cls):
            def do_close(self, sock, *args):
                closed.append((type(sock).__name__ != '', len(args)))
                super().do_close(sock, *args)
        server = Closing((LOCAL, 0))
        server.start()
        try:
            return exchange(server.server_port, b'dc'), closed
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == (b'DC from tuple', [(True, 1)])


def test_stop_without_a_pool_leaves_handlers_running_as_gevent_does(both):
    def scenario(cls):
        running, stopped = Event(), Event()
        outcome = AsyncResult()

        def patient(sock, address):
            running.set()
            stopped.wait(5)
            sock.sendall(b'still here')
            outcome.set('finished')
        server = cls((LOCAL, 0), patient)
        server.start()
        client = gsocket.create_connection((LOCAL, server.server_port), timeout=5)
        try:
            assert running.wait(5)
            server.stop(timeout=0.01)
            stopped.set()
            return client.recv(100), outcome.get(timeout=5), server.closed
        finally:
            client.close()
    gevents, ours = both(scenario)
    assert ours == gevents == (b'still here', 'finished', True)


def test_serve_forever_returns_once_stopped(both):
    def scenario(cls):
        server = subclass_of(cls)((LOCAL, 0))
        runner = gevent.spawn(server.serve_forever)
        gevent.sleep(0)
        answer = exchange(server.server_port, b'x')
        server.close()
        runner.join(5)
        return answer, runner.dead, runner.successful(), server.started
    gevents, ours = both(scenario)
    assert ours == gevents == (b'X from tuple', True, True, False)


def test_when_spawning_fails_nodes_form_stop_does_not_wait():
    hub = gevent.get_hub()
    reported = AsyncResult()
    server = gnet.Server(lambda sock: None)
    server.listen(0, LOCAL)

    def failing_spawn(*args):
        raise SpawnFailed('no greenlet')
    server._spawn = failing_spawn
    hub.handle_error = lambda context, kind, value, tb: reported.set(kind)
    try:
        assert exchange(server.address()['port'], shut=False) == b''
        assert reported.get(timeout=5) is SpawnFailed
        started = hub.loop.now()
        server.stop(timeout=5)
        assert hub.loop.now() - started < 1, 'stop() waited for a connection it never had'
    finally:
        del hub.handle_error
        server.close()


def test_an_ssl_argument_wrap_socket_does_not_take_is_refused_at_once(tls_files):
    # gevent would turn TLS on and fail every handshake with the TypeError.
    _, keyfile, certfile = tls_files
    with pytest.raises(TypeError) as info:
        gnet.Server((LOCAL, 0), echo_upper, allow_half_open=True)
    assert "unexpected keyword argument 'allow_half_open'" in str(info.value)
    with pytest.raises(TypeError):
        gnet.Server((LOCAL, 0), echo_upper, keyfile=keyfile, certfile=certfile, bogus=1)
    context = gevent.ssl.SSLContext(gevent.ssl.PROTOCOL_TLS_SERVER)
    server = gnet.Server((LOCAL, 0), echo_upper, ssl_context=context,
                         suppress_ragged_eofs=False)  # a keyword wrap_socket takes
    assert server.ssl_args == {'server_side': True, 'suppress_ragged_eofs': False}
    server.stop()


def test_keyword_forms(both):
    def scenario(cls):
        servers = [cls(listener=(LOCAL, 0), handle=echo_upper),
                   cls((LOCAL, 0), handle=echo_upper, spawn=gevent.pool.Pool(2))]
        answers = []
        for server in servers:
            server.start()
            try:
                answers.append(exchange(server.server_port, b'kw'))
            finally:
                server.stop()
        return answers
    gevents, ours = both(scenario)
    assert ours == gevents == [b'KW from tuple'] * 2


def test_each_handler_runs_in_a_fresh_greenlet_with_empty_locals(both):
    def scenario(cls):
        state = gevent.local.local()
        seen = []

        def handle(sock, address):
            seen.append((type(gevent.getcurrent()).__name__, getattr(state, 'mark', None)))
            state.mark = 'set by an earlier connection'
            sock.sendall(b'.')
        server = cls((LOCAL, 0), handle)
        server.start()
        try:
            for _ in range(3):
                exchange(server.server_port, shut=False)
            return seen
        finally:
            server.stop()
    gevents, ours = both(scenario)
    assert ours == gevents == [('Greenlet', None)] * 3
