"""``AbortController`` / ``AbortSignal``: what Node's ``listen({signal})`` takes."""

from gnet.emitter import EventEmitter

__all__ = ['AbortController', 'AbortSignal']


class AbortSignal(EventEmitter):
    """Emits 'abort' once; ``aborted`` and ``reason`` tell whether and why."""

    def __init__(self) -> None:
        super().__init__()
        self.aborted = False
        self.reason: object = None

    def _abort(self, reason: object) -> None:
        if self.aborted:
            return
        self.aborted = True
        self.reason = reason
        self.emit('abort')


class AbortController:
    """Owner of an :class:`AbortSignal`; ``abort()`` fires it."""

    def __init__(self) -> None:
        self.signal = AbortSignal()

    def abort(self, reason: object = None) -> None:
        """Abort: the signal's ``aborted`` becomes True, ``reason`` *reason*, and
        it emits 'abort' (once; later calls do nothing), as Node's
        ``AbortController.abort()``. A server listening with this signal
        (``listen({'signal': ...})``) closes."""
        self.signal._abort(reason)
