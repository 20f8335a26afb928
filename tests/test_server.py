"""gnet.Server: listen forms and timing, close, connections, drop, the gevent API.

Every test listens on loopback port 0 (or a temporary Unix path), waits for
events (gevent.event, gnet.run with a timeout) and closes what it opened.
"""

import math
import socket as stdsocket

import gevent
import gevent.server
import pytest
import zope.event
from gevent.event import AsyncResult, Event

import gnet
from gnet import errors, events


@pytest.fixture
def servers():
    """Servers to close after the test, whatever happened."""
    made = []
    yield made
    for server in made:
        server.close()


def make(servers, *args, **kw):
    server = gnet.create_server(*args, **kw)
    servers.append(server)
    return server


def wait_event(emitter, name, timeout=10):
    """The args of the next *name* event of *emitter*."""
    result = AsyncResult()
    emitter.once(name, lambda *args: result.set(args))
    return result.get(timeout=timeout)


def connect_raw(port, host='127.0.0.1'):
    """A gevent stdlib-style client socket, connected."""
    from gevent import socket as gsocket
    return gsocket.create_connection((host, port), timeout=10)


# --- class and construction -------------------------------------------------

def test_server_is_a_stream_server_and_an_event_emitter():
    server = gnet.Server()
    assert isinstance(server, gevent.server.StreamServer)
    assert isinstance(server, gnet.EventEmitter)
    assert isinstance(gnet.create_server(), gnet.Server)
    assert gnet.createServer is gnet.create_server
    assert server.listening is False and server.address() is None


def test_create_server_takes_the_listener_alone_or_after_options():
    def listener(sock):
        pass
    assert gnet.create_server(listener).listeners('connection') == [listener]
    assert gnet.create_server({'allowHalfOpen': True}, listener).listeners('connection') == [listener]
    assert gnet.create_server(allow_half_open=True).allow_half_open is True


@pytest.mark.parametrize('options, message', [
    ('x', 'The "options" argument must be of type object. Received type string (\'x\')'),
    ({'keepAliveInitialDelay': '1000'},
     'The "options.keepAliveInitialDelay" property must be of type number. Received type string (\'1000\')'),
])
def test_create_server_rejects_bad_options(options, message):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        gnet.create_server(options)
    assert str(info.value) == message and isinstance(info.value, TypeError)


def test_camel_case_aliases():
    server = gnet.Server()
    server.maxConnections = 3
    assert server.max_connections == 3
    got = AsyncResult()
    server.getConnections(lambda err, n: got.set((err, n)))
    assert got.get(timeout=5) == (None, 0)


# --- listen(): argument forms and errors ------------------------------------

@pytest.mark.parametrize('args', [(-1,), (65536,), (1.5,), (math.nan,), (math.inf,), ('',), ('  ',),
                                  ({'port': 'abc'},), ({'port': -1},)])
def test_bad_port_raises_err_socket_bad_port(args):
    server = gnet.Server()
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT) as info:
        server.listen(*args)
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith('options.port should be >= 0 and < 65536. Received ')
    assert not server.listening


def test_bad_port_message_is_nodes():
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT, match=r'^options\.port should be >= 0 and < 65536\. '
                                                          r'Received type number \(-1\)\.$'):
        gnet.Server().listen(-1)
    with pytest.raises(errors.ERR_SOCKET_BAD_PORT, match=r"Received type string \('abc'\)\.$"):
        gnet.Server().listen({'port': 'abc'})


@pytest.mark.parametrize('args, message', [
    ((True,), "The argument 'options' is invalid. Received { port: true }"),
    (({},), "The argument 'options' must have the property \"port\" or \"path\". Received {}"),
    (({'port': True},), "The argument 'options' is invalid. Received { port: true }"),
    (({'path': 123},), "The argument 'options' is invalid. Received { path: 123 }"),
    (({'path': ''},), "The argument 'options' is invalid. Received { path: '' }"),
    (({'path': '123'},), "The argument 'options' is invalid. Received { path: '123' }"),
    (({'fd': -1},), "The argument 'options' must have the property \"port\" or \"path\". Received { fd: -1 }"),
])
def test_invalid_listen_options_raise_err_invalid_arg_value(args, message):
    server = gnet.Server()
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE) as info:
        server.listen(*args)
    assert str(info.value) == message and isinstance(info.value, TypeError)
    assert info.value.code == 'ERR_INVALID_ARG_VALUE'


def test_abstract_path_refuses_readable_all():
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE) as info:
        gnet.Server().listen({'path': '\0gnet-x', 'readableAll': True})
    assert str(info.value) == ("The argument 'options' can not set readableAll or writableAllt to true when "
                               "path is abstract unix socket. Received { path: '\\x00gnet-x', readableAll: true }")


def test_bad_signal_and_host_raise_err_invalid_arg_type():
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE, match='The "options.signal" property must be an '
                                                          r"instance of AbortSignal. Received type string \('x'\)"):
        gnet.Server().listen({'port': 0, 'signal': 'x'})
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE, match=r'The "hostname" argument must be of type string\. '
                                                          r'Received type number \(123\)'):
        gnet.Server().listen({'port': 0, 'host': 123})


@pytest.mark.parametrize('args, kwargs', [
    ((), {}), ((None,), {}), ((0,), {}), (('0',), {}), ((' 0 ',), {}), (('0x0',), {}),
    (({'port': None},), {}), (({'port': '0'},), {}), ((0, None), {}), ((0, ''), {}),
    ((), {'port': 0}), ((0,), {'backlog': 5}),
])
def test_no_host_forms_bind_dual_stack_at_once(servers, args, kwargs):
    server = make(servers)
    assert server.listen(*args, **kwargs) is server
    assert server.listening
    address = server.address()
    assert address['address'] == '::' and address['family'] == 'IPv6' and address['port'] > 0
    wait_event(server, 'listening')
    sock = connect_raw(address['port'])  # IPv4 clients reach a '::' server
    sock.close()


def test_no_host_socket_is_dual_stack_with_reuseaddr_and_backlog_511(servers):
    server = make(servers).listen(0)
    sock = server.socket
    assert sock.getsockopt(stdsocket.IPPROTO_IPV6, stdsocket.IPV6_V6ONLY) == 0
    assert sock.getsockopt(stdsocket.SOL_SOCKET, stdsocket.SO_REUSEADDR) == 1
    assert gnet.Server.backlog == 511


def test_listen_callback_is_last_callable_and_a_once_listening_listener(servers):
    calls = []
    server = make(servers)
    server.listen(0, '127.0.0.1', 5, lambda: calls.append('cb'))
    assert server.listener_count('listening') == 1
    wait_event(server, 'listening')
    assert calls == ['cb'] and server.listener_count('listening') == 0
    server2 = make(servers).listen(callback=lambda: calls.append('kw'))
    wait_event(server2, 'listening')
    assert calls == ['cb', 'kw']


def test_ip_literal_binds_inside_listen_and_listening_comes_later(servers):
    # Deliberate difference 1: address() answers at once for IP literals.
    order = []
    server = make(servers)
    server.on('listening', lambda: order.append(('listening', server.listening)))
    server.listen(0, '127.0.0.1')
    order.append('returned')
    assert server.listening
    assert server.address() == {'address': '127.0.0.1', 'family': 'IPv4', 'port': server.address()['port']}
    assert order == ['returned']
    wait_event(server, 'listening')
    assert order == ['returned', ('listening', True)]


def test_ipv6_literal(servers):
    server = make(servers).listen(0, '::1')
    assert server.address()['address'] == '::1' and server.address()['family'] == 'IPv6'


def test_localhost_is_resolved_first(servers):
    server = make(servers)
    server.listen(0, 'localhost')
    assert server.address() is None and not server.listening
    wait_event(server, 'listening')
    assert server.address()['address'] in ('127.0.0.1', '::1')


def test_two_listens_during_a_lookup_bind_once_and_fire_both_callbacks(servers):
    calls = []
    server = make(servers)
    server.listen(0, 'localhost', lambda: calls.append(1))
    server.listen(0, 'localhost', lambda: calls.append(2))
    wait_event(server, 'listening')
    gevent.sleep(0)  # the second 'listening' listener runs in the same emit
    assert calls == [1, 2]


def test_unresolvable_host_emits_enotfound(servers):
    server = make(servers)
    server.listen(0, 'no-such-host.invalid')
    (err,) = wait_event(server, 'error')
    assert err.code in ('ENOTFOUND', 'EAI_AGAIN') and err.syscall == 'getaddrinfo'
    assert not server.listening


def test_already_listening_raises_before_registering_callback(servers):
    server = make(servers).listen(0)
    with pytest.raises(errors.ERR_SERVER_ALREADY_LISTEN,
                       match='^Listen method has been called more than once without closing.$'):
        server.listen(0, lambda: None)
    assert server.listener_count('listening') == 0


def test_ipv6_only_with_host_refuses_ipv4(servers):
    server = make(servers).listen({'port': 0, 'host': '::', 'ipv6Only': True})
    assert server.socket.getsockopt(stdsocket.IPPROTO_IPV6, stdsocket.IPV6_V6ONLY) == 1
    with pytest.raises(ConnectionRefusedError):
        stdsocket.create_connection(('127.0.0.1', server.address()['port']), timeout=5).close()


def test_ipv6_only_without_host_binds_v6_only(servers):
    # Deliberate difference 3.
    server = make(servers).listen({'port': 0, 'ipv6Only': True})
    assert server.address()['address'] == '::'
    assert server.socket.getsockopt(stdsocket.IPPROTO_IPV6, stdsocket.IPV6_V6ONLY) == 1


def test_reuse_port_lets_two_servers_share_a_port(servers):
    # Deliberate difference 4.
    a = make(servers).listen({'port': 0, 'host': '127.0.0.1', 'reusePort': True})
    port = a.address()['port']
    b = make(servers).listen(port, '127.0.0.1', reuse_port=True)
    b.on('error', lambda e: pytest.fail(str(e)))
    wait_event(b, 'listening')
    assert b.address()['port'] == port


def test_exclusive_is_accepted(servers):
    server = make(servers).listen({'port': 0, 'exclusive': True})
    assert server.listening


# --- listen errors ------------------------------------------------------------

def test_eaddrinuse_is_emitted_later_with_nodes_fields(servers):
    blocker = make(servers).listen(0, '127.0.0.1')
    port = blocker.address()['port']
    server = make(servers)
    closes = []
    server.on('close', lambda: closes.append(1))
    assert server.listen(port, '127.0.0.1') is server  # not raised
    assert not server.listening and server.address() is None
    (err,) = wait_event(server, 'error')
    assert isinstance(err, OSError)
    assert (err.code, err.syscall, err.address, err.port) == ('EADDRINUSE', 'listen', '127.0.0.1', port)
    assert str(err) == 'listen EADDRINUSE: address already in use 127.0.0.1:%d' % port
    gevent.sleep(0.01)
    assert closes == []  # 'error' is not followed by 'close'


def test_eaddrinuse_without_host_names_dual_stack_address(servers):
    blocker = make(servers).listen(0)
    port = blocker.address()['port']
    server = make(servers).listen(port)
    (err,) = wait_event(server, 'error')
    assert str(err) == 'listen EADDRINUSE: address already in use :::%d' % port


def test_retry_after_error_without_close(servers):
    blocker = make(servers).listen(0, '127.0.0.1')
    port = blocker.address()['port']
    calls = []
    server = make(servers)
    server.listen(port, '127.0.0.1', lambda: calls.append('first'))
    wait_event(server, 'error')
    blocker.close()
    server.listen(port, '127.0.0.1', lambda: calls.append('second'))
    wait_event(server, 'listening')
    gevent.sleep(0)
    assert calls == ['first', 'second'] and server.address()['port'] == port


def test_retry_after_error_with_close(servers):
    blocker = make(servers).listen(0, '127.0.0.1')
    port = blocker.address()['port']
    server = make(servers)
    server.listen(port, '127.0.0.1')
    wait_event(server, 'error')
    got = AsyncResult()
    server.close(lambda err: got.set(err))
    assert isinstance(got.get(timeout=5), errors.ERR_SERVER_NOT_RUNNING)
    blocker.close()
    server.listen(port, '127.0.0.1')
    wait_event(server, 'listening')


# --- close() ------------------------------------------------------------------

def test_close_not_running_emits_close_then_callback_error(servers):
    order = []
    server = make(servers)
    server.on('close', lambda: order.append('close event'))
    assert server.close(lambda err: order.append(err)) is server
    assert order == []
    wait_event(server, 'close')
    gevent.sleep(0)
    assert order[0] == 'close event'
    assert isinstance(order[1], errors.ERR_SERVER_NOT_RUNNING)
    assert str(order[1]) == 'Server is not running.'


def test_close_callback_gets_no_argument_after_a_real_close(servers):
    server = make(servers).listen(0, '127.0.0.1')
    got = AsyncResult()
    server.close(lambda *args: got.set(args))
    assert not server.listening and server.address() is None
    assert got.get(timeout=5) == ()


def test_close_before_listening_event_skips_listening(servers):
    server = make(servers)
    seen = []
    server.on('listening', lambda: seen.append('listening'))
    server.listen(0, lambda: seen.append('cb'))
    server.close()
    wait_event(server, 'close')
    gevent.sleep(0.01)
    assert seen == []


def test_close_stops_accepting_but_keeps_connections_and_close_waits(servers):
    order = []
    accepted = AsyncResult()

    def on_connection(sock):
        sock.on('end', lambda: order.append('socket end'))
        sock.on('close', lambda had_error: order.append('socket close'))
        accepted.set(sock)
    server = make(servers, on_connection).listen(0, '127.0.0.1')
    port = server.address()['port']
    client = connect_raw(port)
    sock = accepted.get(timeout=5)
    server.on('close', lambda: order.append('server close'))
    server.close(lambda *args: order.append(('close cb', args)))
    with pytest.raises(ConnectionRefusedError):
        stdsocket.create_connection(('127.0.0.1', port), timeout=5).close()
    assert not server.wait_closed(0.05)
    sock.write(b'still here')
    assert client.recv(100) == b'still here'
    client.close()
    assert server.wait_closed(5)
    gevent.sleep(0.01)
    assert order == ['socket end', 'server close', ('close cb', ()), 'socket close']


def test_listen_after_close_while_a_connection_is_open(servers):
    accepted = AsyncResult()
    server = make(servers, accepted.set).listen(0, '127.0.0.1')
    client = connect_raw(server.address()['port'])
    sock = accepted.get(timeout=5)
    calls = []
    server.close(lambda *args: calls.append('close cb'))
    server.listen(0, '127.0.0.1')
    sock.destroy()
    client.close()
    gevent.sleep(0.02)
    assert calls == [] and server.listening  # nothing fires while listening again
    server.close()
    assert server.wait_closed(5)
    gevent.sleep(0)
    assert calls == ['close cb']


def test_with_statement_closes_without_waiting(servers):
    with make(servers).listen(0, '127.0.0.1') as server:
        assert server.listening
    assert not server.listening
    assert server.wait_closed(5)


# --- connections: count, drop ------------------------------------------------

def test_get_connections_is_asynchronous_and_counts(servers):
    accepted = AsyncResult()
    server = make(servers, accepted.set).listen(0, '127.0.0.1')
    answered = []
    assert server.get_connections(lambda err, n: answered.append((err, n))) is server
    assert answered == []
    gevent.sleep(0)
    assert answered == [(None, 0)]
    client = connect_raw(server.address()['port'])
    accepted.get(timeout=5)
    got = AsyncResult()
    server.get_connections(lambda err, n: got.set(n))
    assert got.get(timeout=5) == 1
    client.close()
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE,
                       match=r'^The "callback" argument must be of type function\. Received undefined$'):
        server.get_connections(None)


def test_max_connections_drops_with_nodes_dict(servers):
    accepted = AsyncResult()
    server = make(servers, accepted.set)
    server.max_connections = 1
    server.listen(0, '127.0.0.1')
    port = server.address()['port']
    first = connect_raw(port)
    accepted.get(timeout=5)
    drop = AsyncResult()
    server.on('drop', lambda data: drop.set(data))
    second = connect_raw(port)
    data = drop.get(timeout=5)
    assert list(data) == ['localAddress', 'localPort', 'localFamily',
                          'remoteAddress', 'remotePort', 'remoteFamily']
    assert data['localPort'] == port and data['localAddress'] == '127.0.0.1'
    assert data['remotePort'] == second.getsockname()[1] and data['remoteFamily'] == 'IPv4'
    assert second.recv(10) == b''  # closed at once
    second.close()
    first.close()


def test_max_connections_zero_drops_every_connection(servers):
    # Deliberate difference 5.
    connections = []
    server = make(servers, connections.append)
    server.max_connections = 0
    server.listen(0, '127.0.0.1')
    drop = AsyncResult()
    server.on('drop', drop.set)
    client = connect_raw(server.address()['port'])
    drop.get(timeout=5)
    assert client.recv(10) == b'' and connections == []
    client.close()


def test_max_connections_none_is_unlimited(servers):
    accepted = []
    done = Event()

    def on_connection(sock):
        accepted.append(sock)
        if len(accepted) == 3:
            done.set()
    server = make(servers, on_connection).listen(0, '127.0.0.1')
    assert server.max_connections is None
    clients = [connect_raw(server.address()['port']) for _ in range(3)]
    assert done.wait(5)
    for client in clients:
        client.close()


# --- gevent's API -----------------------------------------------------------------

def test_gevent_start_stop_serve_forever(servers):
    server = make(servers, lambda sock: sock.end(b'hi'))
    server.start()
    assert server.listening and server.started
    port = server.address()['port']
    client = connect_raw(port)
    assert client.recv(10) == b'hi'
    client.close()
    server.stop(timeout=1)
    assert not server.listening

    server2 = make(servers, lambda sock: sock.end(b'hi'))
    server2.listen(0, '127.0.0.1')
    runner = gevent.spawn(server2.serve_forever)
    gevent.sleep(0)
    assert not runner.dead
    server2.close()
    runner.join(5)
    assert runner.dead and runner.successful()


def test_spawn_pool_still_serves(servers):
    from gevent.pool import Pool
    pool = Pool(1)
    server = make(servers, lambda sock: sock.end(b'pooled'), spawn=pool).listen(0, '127.0.0.1')
    for _ in range(3):
        client = connect_raw(server.address()['port'])
        assert client.recv(10) == b'pooled'
        client.close()


def test_stop_ends_connections_still_running_after_the_timeout(servers):
    accepted = AsyncResult()

    def handler(sock):
        accepted.set(sock)
        sock.recv(100)  # blocks until killed
    server = make(servers, handler).listen(0, '127.0.0.1')
    client = connect_raw(server.address()['port'])
    accepted.get(timeout=5)
    server.stop(timeout=0.05)
    assert server.wait_closed(5)
    client.close()


def test_serve_forever_raises_an_unhandled_error(servers):
    blocker = make(servers).listen(0, '127.0.0.1')
    server = make(servers)
    server.listen(blocker.address()['port'], '127.0.0.1')
    with pytest.raises(OSError) as info:
        server.serve_forever()
    assert info.value.code == 'EADDRINUSE'


def test_serve_forever_raises_a_failing_server_listener(servers):
    server = make(servers)

    def boom():
        raise RuntimeError('boom in listening')
    server.on('listening', boom)
    server.listen(0, '127.0.0.1')
    with pytest.raises(RuntimeError, match='boom in listening'):
        server.serve_forever()


def test_gnet_run_raises_an_unhandled_error_in_the_main_greenlet(servers):
    blocker = make(servers).listen(0, '127.0.0.1')
    blocker.unref()
    server = make(servers)
    server.listen(blocker.address()['port'], '127.0.0.1')
    with pytest.raises(OSError, match='EADDRINUSE'):
        gnet.run(10)


def test_connection_listener_failure_destroys_only_that_connection(servers):
    calls = []

    closed = AsyncResult()

    def on_connection(sock):
        calls.append(sock)
        if len(calls) == 1:
            sock.on('close', lambda had_error: closed.set(had_error))
            raise RuntimeError('only this connection')
        sock.end(b'ok')
    server = make(servers, on_connection).listen(0, '127.0.0.1')
    first = connect_raw(server.address()['port'])
    assert first.recv(10) == b''
    assert closed.get(timeout=5) is True
    second = connect_raw(server.address()['port'])
    assert second.recv(10) == b'ok'
    assert server.listening
    first.close()
    second.close()


# --- signal -------------------------------------------------------------------------

def test_already_aborted_signal_never_listens_and_closes(servers):
    controller = gnet.AbortController()
    controller.abort()
    seen = []
    server = make(servers)
    server.on('listening', lambda: seen.append('listening'))
    server.listen({'port': 0, 'signal': controller.signal}, lambda: seen.append('cb'))
    wait_event(server, 'close')
    gevent.sleep(0.01)
    assert seen == [] and not server.listening


def test_abort_later_closes_after_connections_end(servers):
    controller = gnet.AbortController()
    accepted = AsyncResult()
    server = make(servers, accepted.set).listen({'port': 0, 'host': '127.0.0.1', 'signal': controller.signal})
    client = connect_raw(server.address()['port'])
    sock = accepted.get(timeout=5)
    controller.abort()
    assert not server.listening
    assert not server.wait_closed(0.02)
    sock.destroy()
    client.close()
    assert server.wait_closed(5)
    assert controller.signal.listener_count('abort') == 0


# --- handles --------------------------------------------------------------------------

def test_listen_on_a_bound_blocking_socket_makes_it_non_blocking(servers):
    raw = stdsocket.socket()
    raw.bind(('127.0.0.1', 0))
    assert raw.getblocking()
    server = make(servers, lambda sock: sock.end(b'handle')).listen(raw)
    assert not raw.getblocking()
    assert server.address() == {'address': '127.0.0.1', 'family': 'IPv4', 'port': raw.getsockname()[1]}
    client = connect_raw(raw.getsockname()[1])
    assert client.recv(10) == b'handle'
    client.close()


def test_listen_on_an_fd(servers):
    raw = stdsocket.socket()
    raw.bind(('127.0.0.1', 0))
    server = make(servers, lambda sock: sock.end(b'fd')).listen({'fd': raw.fileno()}, 7)
    port = raw.getsockname()[1]
    raw.detach()  # the server owns the descriptor now
    assert server.address()['port'] == port
    client = connect_raw(port)
    assert client.recv(10) == b'fd'
    client.close()


def test_listen_on_a_non_socket_fd_emits_einval(servers, tmp_path):
    with open(tmp_path / 'plain', 'w') as f:
        server = make(servers).listen({'fd': f.fileno()})
        (err,) = wait_event(server, 'error')
    assert err.code == 'EINVAL' and str(err) == 'listen EINVAL: invalid argument'


def test_listen_on_another_server_takes_its_connections(servers):
    original_got = []
    original = make(servers, original_got.append).listen(0, '127.0.0.1')
    adopter = make(servers, lambda sock: sock.end(b'adopter'))
    adopter.listen(original)
    assert adopter.address() == original.address()
    client = connect_raw(adopter.address()['port'])
    assert client.recv(10) == b'adopter'
    client.close()
    assert original_got == []


# --- zope.event -----------------------------------------------------------------------

def test_server_events_are_published_to_zope_event(servers, zope_subscribers):
    published = []
    zope_subscribers.append(published.append)
    blocker = make(servers).listen(0, '127.0.0.1')
    accepted = AsyncResult()
    server = make(servers, accepted.set)
    server.max_connections = 1
    server.listen(0, '127.0.0.1')
    wait_event(server, 'listening')
    port = server.address()['port']
    first = connect_raw(port)
    accepted.get(timeout=5)
    dropped = AsyncResult()
    server.once('drop', dropped.set)
    second = connect_raw(port)
    dropped.get(timeout=5)
    first.close()
    second.close()
    failing = make(servers)
    failing.on('error', lambda e: None)
    failing.listen(blocker.address()['port'], '127.0.0.1')
    wait_event(failing, 'error')
    server.close()
    assert server.wait_closed(5)
    mine = [e for e in published if getattr(e, 'target', None) in (server, failing)]
    kinds = {type(e) for e in mine}
    for cls in (events.ServerListening, events.ServerConnection, events.ServerDrop,
                events.ServerError, events.ServerClose):
        assert cls in kinds, cls
    listening = next(e for e in mine if isinstance(e, events.ServerListening))
    assert listening.name == 'listening' and listening.target is server and tuple(listening.args) == ()
    drop = next(e for e in mine if isinstance(e, events.ServerDrop))
    assert drop.args[0]['localPort'] == port


def test_zope_classhandler_subscribes_to_one_kind(servers, zope_subscribers):
    import zope.event.classhandler
    seen = []
    zope.event.classhandler.handler(events.ServerListening, seen.append)
    server = make(servers).listen(0, '127.0.0.1')
    wait_event(server, 'listening')
    assert [e.target for e in seen] == [server]
    assert zope.event.subscribers is zope_subscribers


def test_server_level_listeners_may_block():
    """'listening', 'close' and getConnections' callback run in a greenlet, not the hub:
    blocking there (a client of the server itself, a sleep) is allowed, as in a
    connection listener."""
    from gevent import socket as gsocket
    log = []
    done = gevent.event.Event()
    server = gnet.create_server(lambda sock: sock.end(b'hi'))

    def on_listening():
        client = gsocket.create_connection(('127.0.0.1', server.address()['port']))
        log.append(('listening', client.recv(10)))
        client.close()
        server.get_connections(on_count)

    def on_count(err, count):
        gevent.sleep(0.001)
        log.append(('count', err, count))
        server.close()

    def on_close():
        gevent.sleep(0.001)
        log.append('close')
        done.set()

    server.on('close', on_close)
    server.listen(0, '127.0.0.1', on_listening)
    assert done.wait(5)
    assert log[0] == ('listening', b'hi') and log[1][:2] == ('count', None) and log[2] == 'close'


def test_an_exception_in_get_connections_callback_raises_out_of_run():
    """As a server listener's (Node: an uncaught exception), not only printed by the hub."""
    server = gnet.create_server().listen(0, '127.0.0.1')

    def callback(err, count):
        raise ValueError('in the getConnections callback')

    server.get_connections(callback)
    try:
        with pytest.raises(ValueError, match='getConnections'):
            gnet.run(5)
    finally:
        server.close()
