"""JavaScript's arity rule: a listener that accepts fewer positional
parameters than its event passes gets only the first ones (gnet.emitter).

The Node-differential version is tests/conformance/stream_listener_arity.
"""

import functools

import gevent.event

import pytest

import gnet
from gnet.emitter import EventEmitter, _Trim, fit_arguments
from gnet.socket import Socket


class Declared(EventEmitter):
    event_arg_counts = {'x': 3}


@pytest.fixture(params=[EventEmitter, Declared], ids=['undeclared', 'declared'])
def e(request):
    return request.param()


def test_short_listeners_get_the_first_arguments(e):
    log = []
    e.on('x', lambda: log.append(()))
    e.on('x', lambda a: log.append((a,)))
    e.on('x', lambda a, b: log.append((a, b)))
    e.on('x', lambda *args: log.append(args))
    e.on('x', lambda a, b=7, c=8, d=9: log.append((a, b, c, d)))
    for _ in range(2):  # the second emit goes through what the first decided
        assert e.emit('x', 1, 2, 3) is True
    expected = [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 9)]
    assert log == expected + expected


def test_once_and_prepend_follow_the_rule(e):
    log = []
    e.once('x', lambda: log.append('once'))
    e.prepend_listener('x', lambda a: log.append(('prepend', a)))
    e.prepend_once_listener('x', lambda a, b: log.append(('prepend_once', a, b)))
    e.emit('x', 1, 2, 3)
    e.emit('x', 4, 5, 6)
    assert log == [('prepend_once', 1, 2), ('prepend', 1), 'once', ('prepend', 4)]


def test_methods_partials_callable_objects_and_decorated_functions(e):
    log = []

    class Obj:
        def method(self, a):
            log.append(('method', a))

        def __call__(self, a, b):
            log.append(('call', a, b))

    def two(a, b):
        log.append(('partial', a, b))

    def decorated(fn):
        @functools.wraps(fn)
        def wrapper(*args):
            return fn(*args)
        return wrapper

    @decorated
    def inner(a):
        log.append(('decorated', a))

    e.on('x', Obj().method)
    e.on('x', Obj())
    e.on('x', functools.partial(two, 'p'))
    e.on('x', inner)
    e.emit('x', 1, 2, 3)
    assert log == [('method', 1), ('call', 1, 2), ('partial', 'p', 1), ('decorated', 1)]


def test_builtins_without_a_signature_get_everything(e):
    e.on('x', print)  # no signature: passed everything, as before
    seen = []
    e.on('x', seen.append)  # list.append(object, /): one
    e.emit('x', 'a', 'b', 'c')
    assert seen == ['a']


def test_a_type_error_inside_a_listener_propagates(e):
    calls = []

    def listener(a):
        calls.append(a)
        raise TypeError('mine')

    e.on('x', listener)
    with pytest.raises(TypeError, match='mine'):
        e.emit('x', 1, 2, 3)
    assert calls == [1]  # called once: the refused call never ran its body


def test_parameters_left_out_get_none_as_javascript_s_undefined(e):
    """JavaScript passes undefined for what a call leaves out; defaults still apply."""
    log = []
    e.on('x', lambda a, b: log.append(('on', a, b)))
    e.once('x', lambda a, b, c='default': log.append(('once', a, b, c)))
    e.on('x', lambda *args: log.append(('args',) + args))
    e.emit('x', 1)
    e.emit('x')
    assert log == [('on', 1, None), ('once', 1, None, 'default'), ('args', 1),
                   ('on', None, None), ('args',)]


def test_partials_and_callable_objects_get_none_too(e):
    log = []

    class Listener:
        def __call__(self, a, b):
            log.append(('object', a, b))

    e.on('x', functools.partial(lambda tag, a, b: log.append((tag, a, b)), 'partial'))
    e.on('x', Listener())
    e.emit('x', 1)
    assert log == [('partial', 1, None), ('object', 1, None)]


def test_callbacks_with_more_parameters_get_none_for_the_rest():
    got = gevent.event.AsyncResult()
    server = gnet.create_server().listen(0, '127.0.0.1')
    server.get_connections(lambda err, count, extra: got.set((err, count, extra)))
    assert got.get(timeout=5) == (None, 0, None)
    server.close()


def test_a_type_error_inside_a_listener_called_short_propagates(e):
    def listener(a, b):
        raise TypeError('mine')

    e.on('x', listener)
    with pytest.raises(TypeError, match='mine'):
        e.emit('x', 1)


def test_listeners_raw_listeners_and_off_deal_in_the_original(e):
    def f():
        pass

    def g(a):
        pass

    e.on('x', f)
    e.once('x', g)
    e.emit('y')  # nothing
    assert e.listeners('x') == [f, g]
    raw = e.raw_listeners('x')
    assert raw[0] is f and raw[1].listener is g
    assert e.listener_count('x', f) == 1
    e.emit('x', 1, 2, 3)  # the undeclared case installs its adapter now
    assert e.listeners('x') == [f] and e.raw_listeners('x') == [f]
    removed = []
    e.on('removeListener', lambda name, fn: removed.append(fn))
    e.off('x', f)
    assert removed == [f] and e.listener_count('x') == 0


def test_new_listener_sees_the_original():
    e = EventEmitter()
    seen = []
    e.on('newListener', lambda name, fn: seen.append(fn))
    f = lambda: None  # noqa: E731
    e.on('close', f)
    assert seen == [f]


def test_declared_events_store_matching_listeners_as_themselves():
    sock = Socket()
    sock.pause()  # (an unconnected socket with a 'data' listener: see the report)

    def data(chunk):
        pass

    def close():
        pass

    sock.on('data', data)
    sock.on('close', close)
    assert sock._events['data'] == (data,)  # emit() calls it directly, as before
    assert type(sock._events['close'][0]) is _Trim


def test_fit_arguments():
    assert fit_arguments(None, 1) is None
    f = lambda err: err  # noqa: E731
    assert fit_arguments(f, 1) is f
    g = lambda: 'g'  # noqa: E731
    assert fit_arguments(g, 1)(ValueError()) == 'g'


def test_socket_and_server_callbacks_follow_the_rule():
    """'close' listener, write/end callbacks, server.close(cb), get_connections(cb)."""
    expected = ['write cb', 'end cb', 'server socket close', 'get_connections cb',
                'server close cb', 'client data', 'client close', 'not running cb']
    log = []
    done = gevent.event.Event()

    def note(what):
        log.append(what)
        if len(log) == len(expected):
            done.set()

    def on_connection(sock):
        sock.write(b'hi', lambda: note('write cb'))
        sock.end(lambda: note('end cb'))
        sock.on('close', lambda: note('server socket close'))
        server.get_connections(lambda: note('get_connections cb'))
        server.close(lambda: note('server close cb'))

    server = gnet.create_server(on_connection)

    def on_listening():
        client = gnet.connect(server.address()['port'], '127.0.0.1')
        client.on('data', lambda: note('client data'))
        client.on('close', lambda: note('client close'))

    server.listen(0, '127.0.0.1', on_listening)
    gnet.create_server().close(lambda: note('not running cb'))
    assert done.wait(5)
    assert sorted(log) == sorted(expected)
