"""gnet.emitter.EventEmitter: Node 20's EventEmitter rules, one test each.

The Node-differential versions of these rules are tests/conformance/emitter_*.
"""

import warnings

import pytest

from gnet import errors
from gnet.emitter import EventEmitter, MaxListenersExceededWarning, camel_aliases


@pytest.fixture
def e():
    return EventEmitter()


def recorder(log, tag):
    def listener(*args):
        log.append((tag,) + args)
    listener.__name__ = tag
    return listener


# --- adding and order --------------------------------------------------------

def test_on_runs_listeners_in_order_added_with_the_emit_arguments(e):
    log = []
    assert e.on('x', recorder(log, 'a')) is e
    assert e.add_listener('x', recorder(log, 'b')) is e
    assert e.emit('x', 1, 'two') is True
    assert log == [('a', 1, 'two'), ('b', 1, 'two')]


def test_prepend_listener_goes_first(e):
    log = []
    e.on('x', recorder(log, 'a'))
    assert e.prepend_listener('x', recorder(log, 'b')) is e
    assert e.prepend_once_listener('x', recorder(log, 'c')) is e
    e.emit('x')
    e.emit('x')
    assert log == [('c',), ('b',), ('a',), ('b',), ('a',)]


def test_once_is_removed_before_the_call(e):
    seen = []

    def listener():
        seen.append(e.listener_count('x'))
        seen.append(e.emit('x'))  # re-emit inside: nobody left

    assert e.once('x', listener) is e
    assert e.emit('x') is True
    assert seen == [0, False]
    assert e.emit('x') is False


def test_once_reemit_inside_reaches_other_listeners_only(e):
    log = []
    e.once('x', lambda *args: log.append(('once', e.emit('x', 'inner'))))
    e.on('x', recorder(log, 'on'))
    e.emit('x', 'outer')
    assert log == [('on', 'inner'), ('once', True), ('on', 'outer')]


def test_same_function_twice_runs_twice_and_off_removes_one(e):
    log = []
    f = recorder(log, 'f')
    e.on('x', f)
    e.on('x', f)
    e.emit('x')
    assert log == [('f',), ('f',)]
    e.off('x', f)
    assert e.listener_count('x') == 1
    e.emit('x')
    assert len(log) == 3


# --- removing ----------------------------------------------------------------

def test_off_removes_most_recently_added_match(e):
    log = []
    a, b = recorder(log, 'a'), recorder(log, 'b')
    e.on('x', a)
    e.on('x', b)
    e.on('x', a)
    assert e.off('x', a) is e
    assert e.listeners('x') == [a, b]


def test_off_by_original_function_removes_once_wrapper(e):
    f = recorder([], 'f')
    e.once('x', f)
    e.off('x', f)
    assert e.listener_count('x') == 0
    assert e.emit('x') is False
    assert e.event_names() == []


def test_off_removes_the_most_recent_of_plain_and_once(e):
    f = recorder([], 'f')
    e.on('x', f)
    e.once('x', f)
    e.off('x', f)
    assert e.raw_listeners('x') == [f]


def test_off_absent_listener_or_event_does_nothing(e):
    f, g = recorder([], 'f'), recorder([], 'g')
    e.on('x', f)
    assert e.off('x', g) is e
    assert e.off('nope', f) is e
    assert e.listeners('x') == [f]


def test_remove_all_listeners_of_one_event(e):
    f = recorder([], 'f')
    e.on('a', f)
    e.on('b', f)
    e.once('b', f)
    assert e.remove_all_listeners('b') is e
    assert e.event_names() == ['a']
    assert e.remove_all_listeners('nope') is e


def test_remove_all_listeners_of_every_event(e):
    f = recorder([], 'f')
    e.on('a', f)
    e.on('b', f)
    assert e.remove_all_listeners() is e
    assert e.event_names() == []
    assert e.emit('a') is False


def test_remove_all_listeners_announces_last_added_first_and_remove_listener_last(e):
    log = []
    f, g, h = recorder([], 'f'), recorder([], 'g'), recorder([], 'h')

    def announce(name, fn):
        log.append((name, getattr(fn, '__name__', None) or 'once(%s)' % fn.listener.__name__))

    announce.__name__ = 'announce'
    e.on('removeListener', announce)
    e.on('a', f)
    e.on('a', g)
    e.on('b', h)
    e.remove_all_listeners('a')
    assert log == [('a', 'g'), ('a', 'f')]
    del log[:]
    e.on('c', g)
    e.once('c', f)
    e.remove_all_listeners()
    # b, then c (last added first; the raw once-wrapper in a multi-listener
    # list, as Node passes it), and the lone 'removeListener' listener's own
    # removal is not announced: nobody is left to hear it.
    assert log == [('b', 'h'), ('c', 'once(f)'), ('c', 'g')]
    assert e.event_names() == []


def test_remove_listener_event_fires_after_removing(e):
    f, g = recorder([], 'f'), recorder([], 'g')
    seen = []
    e.on('x', f)
    e.on('x', g)
    e.on('removeListener', lambda name, fn: seen.append((name, fn, e.listener_count(name))))
    e.off('x', f)
    assert seen == [('x', f, 1)]
    e.off('x', recorder([], 'absent'))
    assert len(seen) == 1


def test_remove_listener_event_gets_original_for_a_lone_once(e):
    f = recorder([], 'f')
    seen = []
    e.on('removeListener', lambda name, fn: seen.append(fn))
    e.once('y', f)
    e.emit('y')
    assert seen == [f]


def test_remove_listener_event_gets_wrapper_when_others_remain(e):
    # Node 20: removeListener(type, listener) announces what it was asked to
    # remove when the list holds several listeners; the once-wrapper asks to
    # remove itself.
    f, g = recorder([], 'f'), recorder([], 'g')
    seen = []
    e.on('removeListener', lambda name, fn: seen.append(fn))
    e.once('z', f)
    e.on('z', g)
    e.emit('z')
    assert len(seen) == 1 and seen[0] is not f and seen[0].listener is f


# --- emitting ----------------------------------------------------------------

def test_emit_returns_whether_there_were_listeners(e):
    assert e.emit('x') is False
    e.on('x', lambda: None)
    assert e.emit('x') is True
    assert e.emit('y') is False


def test_snapshot_removed_listener_still_runs_in_this_emit(e):
    log = []
    b = recorder(log, 'b')
    c = recorder(log, 'c')

    def a():
        log.append(('a',))
        e.off('x', b)
        e.on('x', c)

    e.on('x', a)
    e.on('x', b)
    e.emit('x')
    assert log == [('a',), ('b',)]
    assert e.listeners('x') == [a, c]


def test_listener_may_remove_itself(e):
    log = []

    def self_removing():
        log.append('self')
        e.off('x', self_removing)

    e.on('x', self_removing)
    e.on('x', lambda: log.append('other'))
    e.emit('x')
    e.emit('x')
    assert log == ['self', 'other', 'other']


def test_listener_exception_propagates_and_stops_the_emit(e):
    log = []

    def boom():
        raise RuntimeError('from listener')

    e.on('x', lambda: log.append('first'))
    e.on('x', boom)
    e.on('x', lambda: log.append('third'))
    with pytest.raises(RuntimeError, match='from listener'):
        e.emit('x')
    assert log == ['first']
    assert e.listener_count('x') == 3


def test_once_listener_that_raises_is_still_removed(e):
    def boom():
        raise RuntimeError('once')

    e.once('x', boom)
    with pytest.raises(RuntimeError):
        e.emit('x')
    assert e.listener_count('x') == 0


def test_error_without_listener_raises_the_error_itself(e):
    err = ConnectionResetError('gone')
    with pytest.raises(ConnectionResetError) as info:
        e.emit('error', err)
    assert info.value is err


def test_error_with_listener_is_an_ordinary_event(e):
    got = []
    e.on('error', got.append)
    err = ValueError('x')
    assert e.emit('error', err) is True
    assert got == [err]


@pytest.mark.parametrize('value, shown', [
    ('boom', "'boom'"), ({'a': 1}, '{ a: 1 }'), (None, 'undefined'), (42, '42'),
    ([1, 'a'], "[ 1, 'a' ]"),
])
def test_error_with_non_exception_raises_unhandled_error(e, value, shown):
    with pytest.raises(errors.ERR_UNHANDLED_ERROR) as info:
        e.emit('error', value)
    assert info.value.code == 'ERR_UNHANDLED_ERROR'
    assert str(info.value) == 'Unhandled error. (%s)' % shown
    assert info.value.context == value


def test_error_without_arguments_raises_unhandled_error(e):
    with pytest.raises(errors.ERR_UNHANDLED_ERROR, match=r'^Unhandled error\. \(undefined\)$'):
        e.emit('error')


# --- inspecting --------------------------------------------------------------

def test_listeners_unwrap_and_raw_listeners_keep_the_wrapper(e):
    f, g = recorder([], 'f'), recorder([], 'g')
    e.on('x', f)
    e.once('x', g)
    assert e.listeners('x') == [f, g]
    raw = e.raw_listeners('x')
    assert raw[0] is f
    assert raw[1] is not g and raw[1].listener is g
    assert not hasattr(raw[0], 'listener')


def test_listeners_are_copies(e):
    f = recorder([], 'f')
    e.on('x', f)
    e.listeners('x').clear()
    e.raw_listeners('x').clear()
    assert e.listener_count('x') == 1


def test_calling_the_raw_once_wrapper_runs_once_and_removes_it(e):
    log = []
    e.once('x', recorder(log, 'g'))
    wrapper = e.raw_listeners('x')[0]
    wrapper(1)
    wrapper(2)
    assert log == [('g', 1)]
    assert e.listener_count('x') == 0


def test_listener_count_with_and_without_listener(e):
    f, g = recorder([], 'f'), recorder([], 'g')
    e.on('x', f)
    e.on('x', g)
    e.once('x', f)
    assert e.listener_count('x') == 3
    assert e.listener_count('x', f) == 2
    assert e.listener_count('x', g) == 1
    assert e.listener_count('x', recorder([], 'h')) == 0
    assert e.listener_count('none') == 0
    assert e.listener_count('none', f) == 0


def test_event_names_in_order_first_added(e):
    f = recorder([], 'f')
    e.on('beta', f)
    e.on('alpha', f)
    e.on('beta', f)
    assert e.event_names() == ['beta', 'alpha']
    e.remove_all_listeners('beta')
    e.on('beta', f)
    assert e.event_names() == ['alpha', 'beta']


def test_new_listener_fires_before_adding_with_the_unwrapped_listener(e):
    seen = []
    f = recorder([], 'f')
    e.on('newListener', lambda name, fn: seen.append((name, fn, e.listener_count(name))))
    e.on('x', f)
    e.once('x', f)
    assert seen == [('x', f, 0), ('x', f, 1)]


def test_listener_added_inside_new_listener_comes_first(e):
    inner, outer = recorder([], 'inner'), recorder([], 'outer')
    done = []

    def on_new(name, fn):
        if name == 'x' and not done:
            done.append(True)
            e.on('x', inner)

    e.on('newListener', on_new)
    e.on('x', outer)
    assert e.listeners('x') == [inner, outer]


# --- max listeners -----------------------------------------------------------

def test_max_listeners_default_and_warning_text():
    class MyEmitter(EventEmitter):
        pass

    em = MyEmitter()
    assert em.get_max_listeners() == 10
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for _ in range(12):
            em.on('foo', lambda: None)
    assert [w.category for w in caught] == [MaxListenersExceededWarning]
    assert str(caught[0].message) == (
        'Possible EventEmitter memory leak detected. 11 foo listeners added to [MyEmitter]. '
        'MaxListeners is 10. Use emitter.setMaxListeners() to increase limit')
    assert issubclass(MaxListenersExceededWarning, Warning)


def test_set_max_listeners_zero_is_unlimited(e):
    assert e.set_max_listeners(0) is e
    assert e.get_max_listeners() == 0
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        for _ in range(50):
            e.on('x', lambda: None)


def test_set_max_listeners_lower_limit_warns_per_event_name(e):
    e.set_max_listeners(1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for name in ('a', 'a', 'a', 'b', 'b'):
            e.on(name, lambda: None)
    assert [str(w.message).split('. ')[1] for w in caught] == [
        '2 a listeners added to [EventEmitter]', '2 b listeners added to [EventEmitter]']


def test_default_max_listeners_is_a_class_tunable():
    class Quiet(EventEmitter):
        default_max_listeners = 2

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        q = Quiet()
        for _ in range(3):
            q.on('x', lambda: None)
    assert q.get_max_listeners() == 2
    assert len(caught) == 1


@pytest.mark.parametrize('bad', [-1, float('nan')])
def test_set_max_listeners_out_of_range(e, bad):
    with pytest.raises(errors.ERR_OUT_OF_RANGE) as info:
        e.set_max_listeners(bad)
    assert str(info.value) == (
        'The value of "setMaxListeners" is out of range. It must be >= 0. Received %s'
        % errors.js_inspect(bad))


@pytest.mark.parametrize('bad, received', [('a', "type string ('a')"),
                                           (True, 'type boolean (true)')])
def test_set_max_listeners_wrong_type(e, bad, received):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        e.set_max_listeners(bad)
    assert str(info.value) == ('The "setMaxListeners" argument must be of type number. '
                               'Received %s' % received)


def test_warning_repeats_after_the_listeners_were_removed(e):
    # Node 20 keeps the "warned" flag on the listener array, which is
    # replaced when the list shrinks to one function (node: 3 warnings here).
    f, g = recorder([], 'f'), recorder([], 'g')
    e.set_max_listeners(1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        e.on('a', f)
        e.on('a', g)
        e.remove_all_listeners('a')
        e.on('a', f)
        e.on('a', g)
        e.off('a', g)
        e.on('a', g)
    assert len(caught) == 3


# --- API shape -----------------------------------------------------------------

@pytest.mark.parametrize('bad', [5, 'abc', None, {}, [1], True])
@pytest.mark.parametrize('method', ['on', 'add_listener', 'once', 'prepend_listener',
                                    'prepend_once_listener', 'off', 'remove_listener'])
def test_non_callable_listener_is_refused(e, method, bad):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        getattr(e, method)('x', bad)
    assert isinstance(info.value, TypeError)
    assert str(info.value) == ('The "listener" argument must be of type function. Received %s'
                               % errors.describe_received(bad))
    assert e.event_names() == []


def test_non_callable_listener_does_not_fire_new_listener(e):
    seen = []
    e.on('newListener', lambda *args: seen.append(args))
    with pytest.raises(TypeError):
        e.on('x', 5)
    assert seen == []


CAMEL = {
    'addListener': 'add_listener', 'prependListener': 'prepend_listener',
    'prependOnceListener': 'prepend_once_listener', 'removeListener': 'remove_listener',
    'removeAllListeners': 'remove_all_listeners', 'listenerCount': 'listener_count',
    'rawListeners': 'raw_listeners', 'eventNames': 'event_names',
    'setMaxListeners': 'set_max_listeners', 'getMaxListeners': 'get_max_listeners',
}


@pytest.mark.parametrize('camel, snake', sorted(CAMEL.items()))
def test_camel_case_aliases_are_the_same_objects(camel, snake):
    assert getattr(EventEmitter, camel) is getattr(EventEmitter, snake)


def test_snake_case_api_exists():
    for name in ('on', 'once', 'prepend_listener', 'prepend_once_listener', 'off',
                 'remove_listener', 'remove_all_listeners', 'emit', 'listeners',
                 'raw_listeners', 'listener_count', 'event_names', 'set_max_listeners',
                 'get_max_listeners', 'add_listener'):
        assert callable(getattr(EventEmitter, name)), name
    assert EventEmitter.off is EventEmitter.remove_listener
    assert EventEmitter.add_listener is EventEmitter.on


def test_camel_aliases_decorator_follows_a_subclass_override():
    @camel_aliases({'removeListener': 'remove_listener'})
    class Sub(EventEmitter):
        def remove_listener(self, name, listener):
            return 'overridden'

    assert Sub().removeListener('x', lambda: None) == 'overridden'
