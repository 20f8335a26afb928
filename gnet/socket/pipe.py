"""Node's ``readable.pipe()`` / ``readable.unpipe()`` for gnet sockets.

One concept lives here: moving a readable socket's 'data' into one or more
writable destinations with Node 20's backpressure and lifetime rules
(``lib/internal/streams/readable.js``, ``Readable.prototype.pipe``):

- every chunk is written to the destination; when ``write()`` returns
  False the source is paused (its kernel buffer then fills: real TCP
  backpressure) until that destination — every destination that asked,
  with several — emits 'drain';
- the source's 'end' ends the destination, unless ``{'end': False}``;
- the destination's 'close', 'finish' or 'error' unpipes it; an 'error'
  nobody else listens for is re-emitted on it (Node's ``errorOrDestroy``);
- the destination gets 'pipe'(source) when piped and
  'unpipe'(source, info) when unpiped; unpiping the last destination
  pauses the source.

Only the public surface of the destination is used (``write``, ``end``,
``on``/``once``/``prepend_listener``/``remove_listener``, ``emit``,
``listener_count``, ``writable_need_drain``), so any gnet socket — TCP,
Unix, TLS — or another emitter with that surface can be a destination.
The source is a gnet Socket (its 'data', 'end', pause() and resume()).
"""

from gnet import errors

__all__ = ['pipe', 'unpipe']


class _PipeState:
    """Per source: its destinations in order, and those it awaits 'drain' from."""

    __slots__ = ('destinations', 'awaiting_drain')

    def __init__(self):
        self.destinations = []
        self.awaiting_drain = set()


def _state(source):
    # In the instance dict, made by the first pipe(): a socket that never
    # pipes carries nothing for it (no slot on every connection).
    state = source.__dict__.get('_pipe_state')
    if state is None:
        state = source.__dict__['_pipe_state'] = _PipeState()
    return state


def pipe(source, destination, options=None):
    """``source.pipe(destination, options)``: returns *destination*.

    *options* is None or a dict; ``{'end': False}`` leaves the destination
    open when the source ends. Raises ERR_INVALID_ARG_TYPE when
    *destination* has no ``write``, as Node's TypeError when it has none.
    """
    if not callable(getattr(destination, 'write', None)) or \
            not callable(getattr(destination, 'on', None)):
        raise errors.ERR_INVALID_ARG_TYPE('destination', 'Writable stream', destination)
    if options is not None and not isinstance(options, dict):
        raise errors.ERR_INVALID_ARG_TYPE('options', 'object', options)
    state = _state(source)
    state.destinations.append(destination)
    _Pipe(source, destination, state, not options or options.get('end') is not False)
    return destination


class _Pipe:
    """The listeners one ``pipe()`` call installs, and their cleanup (Node's closures)."""

    # The listeners are bound once: off() matches by identity, and every
    # attribute access to a method makes a new bound method.
    __slots__ = ('source', 'destination', 'state', 'cleaned_up', 'end_listener', 'ondrain',
                 'ondata', 'onunpipe', 'onerror', 'onclose', 'onfinish')

    def __init__(self, source, destination, state, do_end):
        self.source = source
        self.destination = destination
        self.state = state
        self.cleaned_up = False
        self.ondrain = None
        self.ondata = self._ondata
        self.onunpipe = self._onunpipe
        self.onerror = self._onerror
        self.onclose = self._onclose
        self.onfinish = self._onfinish
        self.end_listener = self._onend if do_end else self._unpipe
        if source.readable_ended:
            source._defer(self.end_listener)  # Node: process.nextTick(endFn)
        else:
            source.once('end', self.end_listener)
        destination.on('unpipe', self.onunpipe)
        source.on('data', self.ondata)
        destination.prepend_listener('error', self.onerror)
        destination.once('close', self.onclose)
        destination.once('finish', self.onfinish)
        destination.emit('pipe', source)
        if getattr(destination, 'writable_need_drain', False) is True:
            self._pause()
        elif not source.readable_flowing:
            source.resume()

    def _ondata(self, chunk):
        if self.destination.write(chunk) is False:
            self._pause()

    def _pause(self):
        """The destination's buffer is full: wait for its 'drain'."""
        if not self.cleaned_up:
            if self.destination in self.state.destinations:
                self.state.awaiting_drain.add(self.destination)
            self.source.pause()
        if self.ondrain is None:
            self.ondrain = self._drained
            self.destination.on('drain', self.ondrain)

    def _drained(self):
        """Node's pipeOnDrain: resume once no destination is still full."""
        awaiting = self.state.awaiting_drain
        awaiting.discard(self.destination)
        if not awaiting and self.source.listener_count('data'):
            self.source.resume()

    def _onend(self):
        self.destination.end()

    def _unpipe(self):
        unpipe(self.source, self.destination)

    def _onunpipe(self, readable, info=None):
        if readable is self.source and info is not None and info.get('hasUnpiped') is False:
            info['hasUnpiped'] = True
            self.cleanup()

    def _onerror(self, err):
        destination = self.destination
        self._unpipe()
        destination.remove_listener('error', self.onerror)
        if destination.listener_count('error') == 0:
            destination.emit('error', err)  # Node's errorOrDestroy: nobody else handles it

    def _onclose(self, *_):
        self.destination.remove_listener('finish', self.onfinish)
        self._unpipe()

    def _onfinish(self):
        self.destination.remove_listener('close', self.onclose)
        self._unpipe()

    def cleanup(self):
        source, destination = self.source, self.destination
        destination.remove_listener('close', self.onclose)
        destination.remove_listener('finish', self.onfinish)
        if self.ondrain is not None:
            destination.remove_listener('drain', self.ondrain)
        destination.remove_listener('error', self.onerror)
        destination.remove_listener('unpipe', self.onunpipe)
        source.remove_listener('end', self.end_listener)
        source.remove_listener('data', self.ondata)
        self.cleaned_up = True
        if self.ondrain is not None and self.state.awaiting_drain and \
                getattr(destination, 'writable_need_drain', True):
            self.ondrain()


def unpipe(source, destination=None):
    """``source.unpipe(destination)``: every destination when None; returns *source*.

    Emits 'unpipe'(source, info) on each unpiped destination; the source
    is paused once it has none left (Node).
    """
    state = source.__dict__.get('_pipe_state')
    if state is None or not state.destinations:
        return source
    if destination is None:
        destinations, state.destinations = state.destinations, []
        source.pause()
        for each in destinations:
            each.emit('unpipe', source, {'hasUnpiped': False})
        return source
    try:
        state.destinations.remove(destination)
    except ValueError:
        return source
    if not state.destinations:
        source.pause()
    destination.emit('unpipe', source, {'hasUnpiped': False})
    return source
