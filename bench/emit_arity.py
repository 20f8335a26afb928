"""What JavaScript's arity rule costs emit() for ordinary listeners: before/after, one run.

    python bench/emit_arity.py [--before REV] [--repeat 9] [--number 300000]

Loads ``gnet/emitter.py`` as it was at git revision REV (default ``main``;
give the commit before the rule once it is merged) next to the current
one, and times ``emit('data', b'x')`` interleaved (before, after, before,
...) for: a plain EventEmitter with an undeclared event and a one-argument
listener; a Socket-like emitter that declares its events
(``SOCKET_EVENT_ARGS``); and the same with two listeners. Prints the best
time of each (ns per emit) and after/before; an ordinary listener (one
that accepts what the event passes) should show ~1.00.
"""

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from gnet import emitter as after  # noqa: E402
from gnet.events import SOCKET_EVENT_ARGS  # noqa: E402


def _load_before(rev):
    source = subprocess.run(['git', '-C', ROOT, 'show', '%s:gnet/emitter.py' % rev],
                            capture_output=True, check=True).stdout
    with tempfile.NamedTemporaryFile('wb', suffix='.py', delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location('emitter_before', f.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    os.unlink(f.name)
    return module


def _listener(chunk):
    pass


def _cases(module):
    class SocketLike(module.EventEmitter):
        event_arg_counts = SOCKET_EVENT_ARGS

    plain = module.EventEmitter()
    plain.on('data', _listener)
    declared = SocketLike()
    declared.on('data', _listener)
    two = SocketLike()
    two.on('data', _listener)
    two.on('data', lambda *args: None)
    return {'EventEmitter, undeclared event': plain, 'declared events (Socket)': declared,
            'declared, two listeners': two}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--before', default='main')
    parser.add_argument('--repeat', type=int, default=9)
    parser.add_argument('--number', type=int, default=300000)
    options = parser.parse_args(argv)
    before, now = _cases(_load_before(options.before)), _cases(after)
    times = {name: ([], []) for name in before}
    for _ in range(options.repeat):
        for name in before:
            for side, emitter in enumerate((before[name], now[name])):
                timer = timeit.Timer('emit("data", b"x")', globals={'emit': emitter.emit})
                times[name][side].append(timer.timeit(options.number) / options.number * 1e9)
    for name, (was, is_) in times.items():
        print('%-32s before %6.1f ns  after %6.1f ns  after/before %.3f'
              % (name, min(was), min(is_), min(is_) / min(was)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
