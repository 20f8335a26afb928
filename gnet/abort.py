"""``AbortController`` / ``AbortSignal``: what Node's ``listen({signal})`` takes."""

from gnet.emitter import EventEmitter

__all__ = ['AbortController', 'AbortSignal']


class AbortSignal(EventEmitter):
    """Emits 'abort' once; ``aborted`` and ``reason`` tell whether and why."""

    def __init__(self):
        super().__init__()
        self.aborted = False
        self.reason = None

    def _abort(self, reason):
        if self.aborted:
            return
        self.aborted = True
        self.reason = reason
        self.emit('abort')


class AbortController:
    """Owner of an :class:`AbortSignal`; ``abort()`` fires it."""

    def __init__(self):
        self.signal = AbortSignal()

    def abort(self, reason=None):
        self.signal._abort(reason)
