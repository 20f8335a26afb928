"""gnet.connect's edges that a Node scenario cannot show: descriptors, greenlets,
socket options, the lookup forms, and what gnet does differently on purpose.

The event orders themselves are pinned by the client_* conformance pairs.
"""

import os
import socket

import gevent
import pytest
from gevent.event import Event

import gnet
from gnet import errors


@pytest.fixture
def pending_port():
    """A loopback port whose accept queue is full: a connect to it stays pending."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname())
    yield listener.getsockname()[1]
    filler.close()
    listener.close()


def _is_open(fd):
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _close_waiter(sock):
    closed = Event()
    result = []
    sock.on('close', lambda had_error: (result.append(had_error), closed.set()))
    return closed, result


def test_destroy_of_pending_connect_frees_descriptor_and_greenlet(pending_port):
    c = gnet.connect(pending_port, '127.0.0.1')
    attempted = Event()
    c.on('connectionAttempt', lambda *a: attempted.set())
    closed, result = _close_waiter(c)
    assert attempted.wait(5)
    fd = c.fileno()
    assert c.connecting and _is_open(fd)
    driver = c._driver
    c.destroy()
    assert c.fileno() == -1 and not c.connecting
    assert closed.wait(1) and result == [False]
    gevent.sleep(0)  # the greenlet goes back to the pool after emitting 'close'
    assert c._driver is None and driver is not None and not driver.dead
    assert not _is_open(fd)


def test_connect_does_not_hold_the_socket_greenlet(pending_port):
    # A task queued on the socket runs while its connect is pending.
    c = gnet.connect(pending_port, '127.0.0.1')
    ran = Event()
    c.on('connectionAttempt', lambda *a: c._defer(ran.set))
    assert ran.wait(2) and c.connecting
    closed, _ = _close_waiter(c)
    c.destroy()
    assert closed.wait(2)


def _server():
    server = gnet.create_server(lambda s: s.resume()).listen(0, '127.0.0.1')
    return server, server.address()['port']


def _options_on_connect(make):
    server, port = _server()
    seen = {}
    done = Event()
    c = make(port)

    def on_connect():
        seen['keepalive'] = c.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)
        seen['nodelay'] = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        c.destroy()
    c.on('connect', on_connect)
    c.on('close', lambda *a: done.set())
    assert done.wait(10)
    server.close()
    return seen


def test_set_keep_alive_and_no_delay_before_connect_are_applied_on_connect():
    def make(port):
        c = gnet.Socket()
        c.setKeepAlive(True, 400)
        c.setNoDelay()
        return c.connect(port, '127.0.0.1')
    assert _options_on_connect(make) == {'keepalive': 1, 'nodelay': 1}


def test_set_keep_alive_and_no_delay_right_after_connect_are_applied():
    def make(port):
        c = gnet.connect(port, '127.0.0.1')
        c.set_keep_alive(True, 400)
        c.set_no_delay(True)
        return c
    assert _options_on_connect(make) == {'keepalive': 1, 'nodelay': 1}


def test_no_delay_turned_off_again_before_connect_is_not_applied():
    def make(port):
        c = gnet.Socket({'noDelay': True, 'keepAlive': True})
        c.set_no_delay(False)
        c.set_keep_alive(False)
        return c.connect(port, '127.0.0.1')
    assert _options_on_connect(make) == {'keepalive': 0, 'nodelay': 0}


def test_socket_constructor_options_keep_alive_and_no_delay():
    def make(port):
        return gnet.Socket({'noDelay': True, 'keepAlive': True,
                            'keepAliveInitialDelay': 2000}).connect(port, '127.0.0.1')
    assert _options_on_connect(make) == {'keepalive': 1, 'nodelay': 1}


def _connect_events(options):
    events = []
    done = Event()
    c = gnet.connect(options)
    c.on('lookup', lambda *a: events.append(('lookup',) + a[:2] + a[2:]))
    c.on('connect', lambda: (events.append(('connect', c.remoteAddress)), c.destroy()))
    c.on('error', lambda e: events.append(('error', getattr(e, 'code', None), str(e))))
    c.on('close', lambda had_error: (events.append(('close', had_error)), done.set()))
    assert done.wait(10)
    return events


def test_default_lookup_resolves_localhost():
    server, port = _server()
    events = _connect_events({'port': port, 'host': 'localhost', 'family': 4})
    assert events == [('lookup', None, '127.0.0.1', 4, 'localhost'),
                      ('connect', '127.0.0.1'), ('close', False)]
    server.close()


def test_default_lookup_failure_is_node_getaddrinfo_error():
    events = _connect_events({'port': 80, 'host': 'no-such-host.invalid', 'family': 4})
    assert events[0][0] == 'lookup' and events[0][1].code == 'ENOTFOUND'
    assert events[1:] == [('error', 'ENOTFOUND', 'getaddrinfo ENOTFOUND no-such-host.invalid'),
                          ('close', True)]


@pytest.mark.parametrize('answer, expected', [
    (('1.2.3', 4), ('error', 'ERR_INVALID_IP_ADDRESS', 'Invalid IP address: 1.2.3')),
    (('127.0.0.1', 5), ('error', 'ERR_INVALID_ADDRESS_FAMILY',
                        'Invalid address family: 5 name.test:80')),
])
def test_lookup_answer_checked_as_node(answer, expected):
    events = _connect_events({'port': 80, 'host': 'name.test', 'family': 4,
                              'lookup': lambda host, opts, cb: gevent.spawn(cb, None, *answer)})
    assert events == [('lookup', None) + answer + ('name.test',), expected, ('close', True)]


def test_lookup_error_is_emitted_as_is():
    failure = OSError('resolver down')
    failure.code = 'EAI_FAIL'
    events = _connect_events({'port': 80, 'host': 'name.test',
                              'lookup': lambda host, opts, cb: gevent.spawn(cb, failure)})
    assert events == [('lookup', failure, None, None, 'name.test'),
                      ('error', 'EAI_FAIL', 'resolver down'), ('close', True)]


def test_lookup_answering_later_from_another_greenlet_and_from_the_hub():
    server, port = _server()

    def later(host, opts, cb):
        gevent.spawn_later(0.01, cb, None, '127.0.0.1', 4)

    def from_hub(host, opts, cb):
        timer = gevent.get_hub().loop.timer(0.01)
        timer.start(cb, None, [{'address': '127.0.0.1', 'family': 4}])
    for lookup in (later, from_hub):
        events = _connect_events({'port': port, 'host': 'name.test', 'lookup': lookup})
        assert events == [('lookup', None, '127.0.0.1', 4, 'name.test'),
                          ('connect', '127.0.0.1'), ('close', False)]
    server.close()


def test_lookup_gets_node_options():
    seen = []
    gnet.connect({'port': 80, 'host': 'name.test', 'family': 6, 'hints': socket.AI_V4MAPPED,
                  'lookup': lambda host, opts, cb: seen.append((host, opts))}).destroy()
    gnet.connect({'port': 80, 'host': 'name.test',
                  'lookup': lambda host, opts, cb: seen.append((host, opts))}).destroy()
    gnet.connect({'port': 80, 'host': 'name.test', 'localAddress': '127.0.0.1',
                  'lookup': lambda host, opts, cb: seen.append((host, opts))}).destroy()
    assert seen == [('name.test', {'family': 6, 'hints': socket.AI_V4MAPPED}),
                    ('name.test', {'family': None, 'hints': socket.AI_ADDRCONFIG, 'all': True}),
                    ('name.test', {'family': None, 'hints': socket.AI_ADDRCONFIG})]


def test_already_aborted_signal_never_connects():
    # Differs from Node 20, which emits the AbortError and 'close' and then
    # connects anyway (connect() revives the destroyed socket).
    server, port = _server()
    controller = gnet.AbortController()
    controller.abort('early')
    c = gnet.connect({'port': port, 'host': '127.0.0.1', 'signal': controller.signal})
    events = []
    done = Event()
    c.on('connect', lambda: events.append('connect'))
    c.on('error', lambda e: events.append((e.name, e.code, e.cause)))
    c.on('close', lambda had_error: (events.append(('close', had_error)), done.set()))
    assert done.wait(5)
    gevent.sleep(0.05)
    assert events == [('AbortError', 'ABORT_ERR', 'early'), ('close', True)]
    server.close()


def test_socket_constructor_checks_options():
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        gnet.Socket({'signal': 5})
    assert str(info.value) == ('The "signal" argument must be an instance of AbortSignal. '
                               'Received type number (5)')
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE):
        gnet.Socket({'highWaterMark': 1.5})
    with pytest.raises(errors.ERR_INVALID_ARG_VALUE):
        gnet.Socket({'objectMode': True})


def test_onread_gets_every_byte_through_its_buffer_and_no_data_event():
    payload = bytes(range(256)) * 40
    server = gnet.create_server(lambda s: s.end(payload)).listen(0, '127.0.0.1')
    buffer = bytearray(1000)
    got, data_events = [], []
    done = Event()

    def on_read(nread, buf):
        assert buf is buffer
        got.append(bytes(buf[:nread]))
    c = gnet.connect({'port': server.address()['port'], 'host': '127.0.0.1',
                      'onread': {'buffer': lambda: buffer, 'callback': on_read}})
    c.on('data', data_events.append)
    c.on('end', lambda: got.append('end'))
    c.on('close', lambda *a: done.set())
    assert done.wait(10)
    assert got[-1] == 'end' and b''.join(got[:-1]) == payload
    assert all(len(chunk) <= 1000 for chunk in got[:-1]) and data_events == []
    server.close()


def test_onread_false_pauses_until_resume():
    server = gnet.create_server(lambda s: s.end(b'x' * 5000)).listen(0, '127.0.0.1')
    calls = []
    paused, ended = Event(), Event()

    def on_read(nread, buf):
        calls.append(nread)
        if len(calls) == 1:
            paused.set()
            return False
        return True
    c = gnet.connect({'port': server.address()['port'], 'host': '127.0.0.1',
                      'onread': {'buffer': bytearray(10), 'callback': on_read}})
    c.on('end', ended.set)
    assert paused.wait(5)
    assert c.isPaused() and calls == [10]
    c.resume()
    assert ended.wait(5)
    assert sum(calls) == 5000 and set(calls) == {10}
    c.destroy()
    server.close()


def test_readable_and_writable_false_with_fd():
    left, right = socket.socketpair()
    reader_only = gnet.Socket({'fd': left.detach(), 'writable': False})
    writer_only = gnet.Socket({'fd': right.detach(), 'readable': False})
    assert (reader_only.readyState, reader_only.writable, reader_only.readable) == \
        ('readOnly', False, True)
    assert (writer_only.readyState, writer_only.writable, writer_only.readable) == \
        ('writeOnly', True, False)
    errs = []
    done = Event()
    reader_only.on('error', lambda e: (errs.append(e.code), done.set()))
    reader_only.write(b'x', lambda e: errs.append(('cb', e.code)))
    assert done.wait(5)
    assert errs == [('cb', 'ERR_STREAM_WRITE_AFTER_END'), 'ERR_STREAM_WRITE_AFTER_END']
    writer_only.destroy()


def test_stream_alias_and_defaults():
    assert gnet.Stream is gnet.Socket
    assert gnet.get_default_auto_select_family() is True
    assert gnet.get_default_auto_select_family_attempt_timeout() == 250
    try:
        gnet.setDefaultAutoSelectFamily(False)
        gnet.setDefaultAutoSelectFamilyAttemptTimeout(5)
        assert gnet.getDefaultAutoSelectFamily() is False
        assert gnet.getDefaultAutoSelectFamilyAttemptTimeout() == 10  # Node's minimum
        with pytest.raises(errors.ERR_INVALID_ARG_TYPE):
            gnet.set_default_auto_select_family(1)
        with pytest.raises(errors.ERR_OUT_OF_RANGE):
            gnet.set_default_auto_select_family_attempt_timeout(0)
        seen = []
        gnet.connect({'port': 80, 'host': 'name.test',
                      'lookup': lambda host, opts, cb: seen.append(opts.get('all'))}).destroy()
        assert seen == [None]  # autoSelectFamily off: one address asked for
    finally:
        gnet.set_default_auto_select_family(True)
        gnet.set_default_auto_select_family_attempt_timeout(250)


def test_unix_path_attempt_events(tmp_path):
    path = str(tmp_path / 'none.sock')
    events = []
    done = Event()
    c = gnet.connect(path)
    c.on('connectionAttemptFailed', lambda *a: events.append(a[:3] + (a[3].code,)))
    c.on('error', lambda e: events.append(('error', e.code, str(e))))
    c.on('close', lambda *a: done.set())
    assert done.wait(5)
    assert events == [(path, None, None, 'ENOENT'), ('error', 'ENOENT', 'connect ENOENT ' + path)]


def test_ref_after_unref_while_connecting_holds_the_loop(pending_port):
    c = gnet.connect(pending_port, '127.0.0.1')
    c.unref()
    c.ref()
    assert c._held or c.connecting
    closed, _ = _close_waiter(c)
    c.destroy()
    assert closed.wait(2)


def test_adopting_a_descriptor_that_is_not_a_stream_socket(tmp_path):
    # Node: ERR_INVALID_FD_TYPE with libuv's name of what the fd is.
    with open(tmp_path / 'f', 'w') as handle:
        with pytest.raises(errors.ERR_INVALID_FD_TYPE, match='^Unsupported fd type: FILE$'):
            gnet.Socket({'fd': handle.fileno()})
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with pytest.raises(errors.ERR_INVALID_FD_TYPE, match='UDP$'):
        gnet.Socket({'fd': udp.fileno()})
    udp.close()
    closed_fd = os.dup(0)
    os.close(closed_fd)
    with pytest.raises(errors.ERR_INVALID_FD_TYPE, match='UNKNOWN$'):
        gnet.Socket({'fd': closed_fd})
    with pytest.raises(errors.ERR_OUT_OF_RANGE):
        gnet.Socket({'fd': -1})
