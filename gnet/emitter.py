"""Node's ``events.EventEmitter`` (v20 semantics), published through zope.event.

Only the emitter lives here; the event classes it publishes are in
:mod:`gnet.events`, and where an exception from a listener lands (the
connection or the process) is decided by the server and socket, not here:
``emit()`` simply lets it propagate, as Node's does.

Listeners of one event are kept as a tuple that is replaced, never
mutated, when a listener is added or removed: an ``emit()`` that is running
keeps iterating the tuple it started with (Node's "listeners are copied
before an emit") without copying anything per emit.

Listener arity (JavaScript's rule)
----------------------------------
A JavaScript function ignores arguments it does not declare, so Node code
writes ``sock.on('close', () => ...)`` for an event that passes
``had_error``. gnet applies the same rule: a listener or callback that
accepts fewer positional parameters than its event passes gets only the
first ones. It is decided once, when the listener is added, from its
signature (``__code__`` for a plain function or method, else
:func:`inspect.signature`; a ``*args`` listener, or one whose signature
cannot be read, gets everything). Where the emitter declares how many
arguments an event passes (:attr:`gnet.emitter.EventEmitter.event_arg_counts`, which
covers every event gnet emits) a short listener is stored behind a small
adapter and every other one as itself, so emit() runs exactly as before.
For an event the emitter does not declare, a short plain function is
stored as itself too: the first emit that passes too many has its call
refused by Python before the function's body runs (a ``TypeError`` raised
at the call site, which emit() tells apart from one raised inside), and
from then on that listener is called through the adapter. ``listeners()``,
``raw_listeners()`` and ``off()`` always deal in the user's own function.
The other way round, a call that leaves out parameters a plain function
requires passes None for them (JavaScript's ``undefined``; Node emits
'drop' with no argument on a Unix server), again only once Python has
refused the call at its site.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any, ClassVar, Self, Type, TypeVar  # Type: see gnet.legacy
from types import FunctionType, MethodType

import zope.event

from gnet import errors
from gnet.events import NodeEvent
from gnet.typedefs import Listener

__all__ = ['EventEmitter', 'camel_aliases', 'fit_arguments']

# The list object itself, so the emptiness check in emit() is one attribute
# load and a truth test (zope.event's documented way to subscribe is to
# mutate this list; rebinding zope.event.subscribers is not supported).
_subscribers: list[Callable[[object], object]] = zope.event.subscribers
_notify: Callable[[object], None] = zope.event.notify

_Class = TypeVar('_Class', bound=type)


class MaxListenersExceededWarning(RuntimeWarning):
    """Node's warning when an event gets more listeners than the limit."""


_VAR_POSITIONAL = inspect.Parameter.VAR_POSITIONAL
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_CO_VARARGS = inspect.CO_VARARGS


def _plain_function(fn: object) -> tuple[FunctionType, int] | None:
    """*fn*'s function and the parameters its binding fills (1 for a bound
    method's self), when its code object tells its signature: a plain
    function or bound method; None for a builtin, a partial, a callable
    object, a decorated function."""
    target, skip = (fn.__func__, 1) if type(fn) is MethodType else (fn, 0)
    if type(target) is not FunctionType or hasattr(target, '__wrapped__'):
        return None
    return target, skip


def _code_arity(fn: object) -> int | None:
    """Positional parameters of a plain function or bound method, read off
    its code object (~0.1 µs); None for ``*args``; -1 when *fn* is not one
    (see :func:`_plain_function`)."""
    plain = _plain_function(fn)
    if plain is None:
        return -1
    target, skip = plain
    code = target.__code__
    if code.co_flags & _CO_VARARGS:
        return None
    return code.co_argcount - skip


def _padded(fn: object, args: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """*args* with None for the parameters *fn* requires beyond them, or None.

    JavaScript passes ``undefined`` for parameters a call leaves out (Node
    emits 'drop' with no argument on a Unix server, and ``(data) => ...``
    gets undefined); Python raises TypeError. None for a *fn* that does not
    require more than ``len(args)`` (its TypeError is another one), or
    whose signature cannot be read.
    """
    required = _required_positional(fn)
    if required is None or required <= len(args):
        return None
    return args + (None,) * (required - len(args))


def _required_positional(fn: object) -> int | None:
    """Positional parameters of *fn* without a default (off its code object
    for a plain function or method, else :func:`inspect.signature`)."""
    plain = _plain_function(fn)
    if plain is not None:
        target, skip = plain
        return target.__code__.co_argcount - len(target.__defaults__ or ()) - skip
    try:
        parameters = inspect.signature(fn).parameters.values()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return sum(1 for p in parameters if p.kind in _POSITIONAL and p.default is p.empty)


def _call(fn: Callable[..., object], args: tuple[Any, ...]) -> object:
    """``fn(*args)``, with None for parameters *fn* requires beyond *args* (see :func:`_padded`)."""
    try:
        return fn(*args)
    except TypeError as exc:
        return _call_padded(fn, args, exc)


def _call_padded(fn: Callable[..., object], args: tuple[Any, ...], refused: TypeError) -> object:
    """``fn(*args)`` raised *refused*: call it again with None for the
    parameters it requires beyond *args*, or re-raise *refused* when that is
    not why (raised inside fn, or nothing is missing)."""
    padded = _padded(fn, args)
    if padded is None or refused.__traceback__.tb_next is not None:  # type: ignore[union-attr]
        raise refused
    return fn(*padded)


def _arity(fn: Callable[..., object]) -> int | None:
    """How many positional arguments *fn* accepts; None for any number.

    None too where no signature can be read (many builtins): those get
    every argument, as before this rule existed.
    """
    count = _code_arity(fn)
    if count != -1:
        return count
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    count = 0
    for parameter in parameters:
        if parameter.kind is _VAR_POSITIONAL:
            return None
        if parameter.kind in _POSITIONAL:
            count += 1
    return count


class _Trim:
    """Calls a listener with only the first *count* arguments it is given."""

    __slots__ = ('listener', 'count')

    def __init__(self, listener: Listener, count: int) -> None:
        self.listener = listener
        self.count = count

    def __call__(self, *args: Any) -> object:
        return _call(self.listener, args[:self.count])


def fit_arguments(callback: Listener | None, count: int) -> Listener | None:
    """*callback*, or an adapter passing it the first arguments of *count*.

    For callbacks gnet calls with a fixed number of arguments (write and
    end callbacks get ``(err,)``, server.close's gets ``()`` or
    ``(err,)``): JavaScript's rule, decided here once (see the module
    docstring). None stays None.
    """
    if callback is None:
        return None
    accepted = _arity(callback)
    if accepted is None or accepted == count:
        return callback
    # fewer: the first *accepted* arguments; more: all of them, and None
    # for what a call leaves out (see _padded)
    return _Trim(callback, accepted)


class _Once:
    """The wrapper ``once()`` registers: removes itself, then calls."""

    __slots__ = ('emitter', 'name', 'listener', 'count', 'fired')

    def __init__(self, emitter: EventEmitter, name: str, listener: Listener) -> None:
        self.emitter = emitter
        self.name = name
        self.listener = listener
        self.count = _arity(listener)  # None: pass everything
        self.fired = False

    def __call__(self, *args: Any) -> object:
        if not self.fired:
            self.fired = True
            self.emitter.remove_listener(self.name, self)
            if self.count is not None:
                args = args[:self.count]
            return _call(self.listener, args)
        return None


def _unwrap(listener: Any) -> Any:
    """The user's function behind a once-wrapper or an arity adapter."""
    kind = type(listener)
    if kind is _Once:
        return listener.listener
    if kind is _Trim:
        return listener.listener
    return listener


def _unwrap_trim(listener: Listener) -> Listener:
    """*listener* as raw_listeners() shows it: once-wrappers stay."""
    return listener.listener if type(listener) is _Trim else listener


def _check_listener(listener: object) -> None:
    if not callable(listener):
        raise errors.ERR_INVALID_ARG_TYPE('listener', 'function', listener)


def camel_aliases(table: dict[str, str]) -> Callable[[_Class], _Class]:
    """Class decorator: add Node's camelCase names for snake_case members.

    ``table`` maps camelCase → snake_case; the alias is the very same
    function or property object, so subclasses that override the snake_case
    name must re-apply the decorator (each class keeps its own table).
    """
    def apply(cls: _Class) -> _Class:
        for camel, snake in table.items():
            setattr(cls, camel, getattr(cls, snake))
        return cls
    return apply


@camel_aliases({
    'addListener': 'add_listener', 'prependListener': 'prepend_listener',
    'prependOnceListener': 'prepend_once_listener', 'removeListener': 'remove_listener',
    'removeAllListeners': 'remove_all_listeners', 'listenerCount': 'listener_count',
    'rawListeners': 'raw_listeners', 'eventNames': 'event_names',
    'setMaxListeners': 'set_max_listeners', 'getMaxListeners': 'get_max_listeners',
})
class EventEmitter:
    """Node's EventEmitter: named events, ordered listeners, 'error' rules.

    Every emit is also published with ``zope.event.notify()`` as an
    instance of :attr:`event_class` (or of the class :attr:`event_classes`
    names for that event), unless nobody subscribed to zope.event.
    """

    # '__dict__' stays available (made lazily) for subclasses and users.
    __slots__ = ('_events', '__dict__', '__weakref__')

    #: Node's ``EventEmitter.defaultMaxListeners``: past this many listeners
    #: for one event a warning is issued (0 = unlimited).
    default_max_listeners: ClassVar[int] = 10

    #: The zope.event class published for an event name not in
    #: :attr:`event_classes`.
    event_class: ClassVar[Type[NodeEvent]] = NodeEvent
    #: Per-name zope.event classes (subclasses fill it in).
    event_classes: ClassVar[dict[str, Type[NodeEvent]]] = {}
    #: How many arguments each event name passes (subclasses extend it with
    #: theirs): a listener that accepts fewer is stored behind an adapter
    #: when added, every other one as itself (see the module docstring).
    event_arg_counts: ClassVar[dict[str, int]] = {'newListener': 2, 'removeListener': 2, 'error': 1}

    # Rarely set: class defaults, stored per emitter only once set.
    _max_listeners: int | float | None = None  # set_max_listeners()
    _warned: set[str] | None = None            # names warned about (made on first warning)

    def __init__(self) -> None:
        self._events: dict[str, tuple[Listener, ...]] = {}

    # --- adding ---------------------------------------------------------

    def _add(self, name: str, listener: Listener, prepend: bool) -> Self:
        _check_listener(listener)
        events = self._events
        if 'newListener' in events:
            # Node: emitted before adding, with the unwrapped listener.
            self.emit('newListener', name, _unwrap(listener))
        if type(listener) is not _Once:
            listener = self._fit(name, listener)
        current = events.get(name, ())
        events[name] = (listener,) + current if prepend else current + (listener,)
        limit = self.get_max_listeners()
        if limit and len(current) + 1 > limit and name not in (self._warned or ()):
            self._warned = (self._warned or set()) | {name}
            warnings.warn(
                'Possible EventEmitter memory leak detected. %d %s listeners added to [%s]. '
                'MaxListeners is %d. Use emitter.setMaxListeners() to increase limit'
                % (len(current) + 1, name, type(self).__name__, limit),
                MaxListenersExceededWarning, stacklevel=3)
        self._listener_added(name)
        return self

    def _fit(self, name: str, listener: Listener) -> Listener:
        """*listener* as stored: itself, or behind an adapter (JavaScript's arity)."""
        count = self.event_arg_counts.get(name)
        if count is None:
            # Undeclared event: a plain function is trimmed on its first
            # refused call (_refused); anything else is decided now.
            if _code_arity(listener) != -1:
                return listener
            accepted = _arity(listener)
            return listener if accepted is None else _Trim(listener, accepted)
        accepted = _arity(listener)
        if accepted is None or accepted >= count:
            return listener
        return _Trim(listener, accepted)

    def _refused(self, name: str, listener: Listener, args: tuple[Any, ...]) -> Listener | None:
        """A plain listener's call raised TypeError at the call site (emit()).

        If it is because *args* has more than the listener accepts, store
        it behind an adapter from now on and return that; else None (then
        either it requires more than *args*, or the TypeError propagates:
        :func:`_call_padded`).
        """
        accepted = _code_arity(listener)
        if accepted is None or accepted < 0 or accepted >= len(args):
            return None
        trimmed = _Trim(listener, accepted)
        current = self._events.get(name)
        if current:
            self._events[name] = tuple(trimmed if fn is listener else fn for fn in current)
        return trimmed

    def _listener_added(self, name: str) -> None:
        """Hook for subclasses (a Socket starts flowing on 'data')."""

    def _listener_removed(self, name: str) -> None:
        """Hook for subclasses (a Socket leaves paused-readable mode without 'readable')."""

    def on(self, name: str, listener: Listener) -> Self:
        """Node's ``on(name, listener)``: call *listener* on each *name* event; returns the emitter.

        Added after the existing listeners. Emits 'newListener'(name,
        listener) first, and warns (``MaxListenersExceededWarning``) past
        :meth:`get_max_listeners` listeners for one name. Raises
        ``ERR_INVALID_ARG_TYPE`` when *listener* is not callable.
        """
        return self._add(name, listener, False)

    add_listener = on

    def prepend_listener(self, name: str, listener: Listener) -> Self:
        """Add *listener* for *name* before every other; returns the emitter."""
        return self._add(name, listener, True)

    def once(self, name: str, listener: Listener) -> Self:
        """Node's ``once(name, listener)``: like :meth:`on`, for the next *name* event only.

        The listener is removed before it is called. Returns the emitter.
        """
        _check_listener(listener)
        return self._add(name, _Once(self, name, listener), False)

    def prepend_once_listener(self, name: str, listener: Listener) -> Self:
        """``once()``, but first in line."""
        _check_listener(listener)
        return self._add(name, _Once(self, name, listener), True)

    # --- removing -------------------------------------------------------

    def remove_listener(self, name: str, listener: Listener) -> Self:
        """Remove the most recently added *listener* (or once-wrapper of it).

        Emits 'removeListener'(name, listener) after removing, if anyone
        listens for it. Removing an absent listener does nothing.
        """
        _check_listener(listener)
        current = self._events.get(name)
        if not current:
            return self
        for index in range(len(current) - 1, -1, -1):
            candidate = current[index]
            if candidate is listener or _unwrap(candidate) is listener:
                rest = current[:index] + current[index + 1:]
                if len(rest) <= 1 and self._warned:
                    # Node keeps its "warned" flag on the listener array,
                    # which is dropped when the list shrinks to one function.
                    self._warned.discard(name)
                if rest:
                    self._events[name] = rest
                else:
                    del self._events[name]
                self._listener_removed(name)
                if 'removeListener' in self._events:
                    self.emit('removeListener', name, _unwrap(candidate) if len(current) == 1 else listener)
                break
        return self

    off = remove_listener

    def remove_all_listeners(self, name: str | None = None) -> Self:
        """Remove every listener of *name*, or of every event when None.

        With 'removeListener' listeners present, each removal is announced,
        last-added first, and 'removeListener' itself goes last (Node).
        """
        events = self._events
        if 'removeListener' not in events:
            names = list(events) if name is None else [name] if name in events else []
            if name is None:
                events.clear()
                self._warned = None
            else:
                events.pop(name, None)
                if self._warned:
                    self._warned.discard(name)
            for each in names:
                self._listener_removed(each)
            return self
        if name is None:
            for key in [k for k in events if k != 'removeListener']:
                self.remove_all_listeners(key)
            self.remove_all_listeners('removeListener')
            return self
        for listener in reversed(events.get(name, ())):
            self.remove_listener(name, listener)
        return self

    # --- emitting -------------------------------------------------------

    def emit(self, name: str, *args: Any) -> bool:
        """Call every listener of *name* with *args*, in order.

        Returns True if there were listeners. 'error' with no listener
        raises the error (an exception argument as itself, anything else
        wrapped in ERR_UNHANDLED_ERROR). A listener's exception propagates.
        """
        if _subscribers:
            _notify(self.event_classes.get(name, self.event_class)(name, self, args))
        listeners = self._events.get(name)
        if not listeners:
            if name == 'error':
                err = args[0] if args else None
                if isinstance(err, BaseException):
                    raise err
                raise errors.ERR_UNHANDLED_ERROR(err)
            return False
        for listener in listeners:
            try:
                listener(*args)
            except TypeError as exc:  # (a try costs nothing in Python 3.11)
                if exc.__traceback__.tb_next is not None:  # type: ignore[union-attr]  # (raised: has one)
                    raise  # raised inside the listener
                trimmed = self._refused(name, listener, args)
                if trimmed is None:
                    _call_padded(listener, args, exc)
                else:
                    trimmed(*args)
        return True

    # --- inspecting -----------------------------------------------------

    def listeners(self, name: str) -> list[Listener]:
        """The listeners of *name*, once-wrappers replaced by their function."""
        return [_unwrap(fn) for fn in self._events.get(name, ())]

    def raw_listeners(self, name: str) -> list[Listener]:
        """The listeners of *name* as registered (once-wrappers included)."""
        return [_unwrap_trim(fn) for fn in self._events.get(name, ())]

    def listener_count(self, name: str, listener: Listener | None = None) -> int:
        """How many listeners *name* has (of *listener* only, if given)."""
        current = self._events.get(name, ())
        if listener is None:
            return len(current)
        return sum(1 for fn in current if fn is listener or _unwrap(fn) is listener)

    def event_names(self) -> list[str]:
        """Names with at least one listener, in the order first added."""
        return list(self._events)

    def set_max_listeners(self, n: int | float) -> Self:
        """Warn past *n* listeners per event (0 = never); returns the emitter."""
        if not isinstance(n, (int, float)) or isinstance(n, bool):
            raise errors.ERR_INVALID_ARG_TYPE('setMaxListeners', 'number', n)
        if n != n or n < 0:
            raise errors.ERR_OUT_OF_RANGE('setMaxListeners', '>= 0', n)
        self._max_listeners = n
        return self

    def get_max_listeners(self) -> int | float:
        """The limit set by set_max_listeners(), else the class default."""
        if self._max_listeners is None:
            return self.default_max_listeners
        return self._max_listeners
