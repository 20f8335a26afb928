"""``AbortController`` / ``AbortSignal``: what Node's ``listen({signal})`` takes."""

from gnet.emitter import EventEmitter
from gnet.errors import DOMException

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
        ``AbortController.abort()``. Without a *reason* (None, JavaScript's
        ``undefined``), Node's default: a :class:`gnet.errors.DOMException`
        named 'AbortError' ("This operation was aborted"). A server
        listening with this signal (``listen({'signal': ...})``) closes; a
        socket connecting with it is destroyed with an ``AbortError`` whose
        ``cause`` is the reason."""
        if reason is None:
            reason = DOMException('This operation was aborted', 'AbortError')
        self.signal._abort(reason)
