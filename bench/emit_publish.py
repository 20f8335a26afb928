"""What publishing through zope.event costs an emit() when nobody subscribed.

docs/contract.md: "Publishing costs nothing measurable when zope.event has no
subscribers." This compares ``EventEmitter.emit`` (zope.event empty) with a
baseline subclass whose ``emit`` is the same body minus the two publishing
lines, and exits with status 1 if the overhead is over 5 %.

    python bench/emit_publish.py [--repeat 15] [--number 200000]

Runs are interleaved (baseline, gnet, baseline, ...) and the medians of the
per-emit times are compared, so drift in machine load hits both sides.
"""

import argparse
import statistics
import sys
import timeit

import zope.event

from gnet import errors
from gnet.emitter import EventEmitter

LIMIT = 0.05  # the largest tolerated overhead, as a fraction of the baseline


class NoPublishEmitter(EventEmitter):
    """EventEmitter with the zope.event publishing step taken out of emit()."""

    def emit(self, name, *args):
        # gnet.emitter.EventEmitter.emit, minus:
        #     if _subscribers:
        #         _notify(self.event_classes.get(name, self.event_class)(name, self, args))
        listeners = self._events.get(name)
        if not listeners:
            if name == 'error':
                err = args[0] if args else None
                if isinstance(err, BaseException):
                    raise err
                raise errors.ERR_UNHANDLED_ERROR(err)
            return False
        for listener in listeners:
            listener(*args)
        return True


def _listener(data):
    pass


def _timer(emitter, number):
    emitter.on('data', _listener)
    timer = timeit.Timer('emit("data", b"x")', globals={'emit': emitter.emit})
    return lambda: timer.timeit(number) / number * 1e9  # ns per emit


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=15)
    parser.add_argument('--number', type=int, default=200000)
    options = parser.parse_args(argv)
    if zope.event.subscribers:
        print('zope.event.subscribers is not empty: %r' % (zope.event.subscribers,))
        return 2
    baseline = _timer(NoPublishEmitter(), options.number)
    gnet = _timer(EventEmitter(), options.number)
    baseline(), gnet()  # warm up
    base_times, gnet_times = [], []
    for _ in range(options.repeat):
        base_times.append(baseline())
        gnet_times.append(gnet())
    base_ns = min(base_times)  # timeit: the minimum is the least disturbed run
    gnet_ns = min(gnet_times)
    ratio = gnet_ns / base_ns
    print('emit(), no publishing step     : %7.1f ns' % base_ns)
    print('emit(), zope.event, 0 listeners: %7.1f ns' % gnet_ns)
    print('ratio: %.3f (overhead %+.1f %%, limit %.0f %%)' % (ratio, (ratio - 1) * 100, LIMIT * 100))
    if ratio - 1 > LIMIT:
        print('FAIL: publishing costs more than %.0f %% with no subscribers' % (LIMIT * 100))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
