"""Process-level behaviour: ref()/unref() and gnet.run(), on libev and libuv.

Each case is a child process running ``gnet.run()``: an unref'd server must
let it return ("exited"), a ref'd one must keep it running — shown by the
child still being alive after a timeout, then killed. Every case runs on
the default loop and on ``GEVENT_LOOP=libuv-cffi``; the children of one
test run in parallel to keep the suite fast.
"""

import os
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOOPS = [None, 'libuv-cffi']
#: How long a child that should stay alive is watched before it is killed.
ALIVE_FOR = 1.5

PRELUDE = """\
import sys
sys.path.insert(0, %r)
import gevent, gnet
s = gnet.create_server()
""" % ROOT

CASES = {
    # name: (code, expected state, expected output lines)
    'ref by default': ("s.listen(0, '127.0.0.1', lambda: print('listening', flush=True))",
                       'running', ['listening']),
    'unref after listen': ("s.listen(0, '127.0.0.1', lambda: print('listening', flush=True)); s.unref()",
                           'exited', ['listening']),
    'unref before listen': ("print(s.unref() is s, flush=True); s.listen(0, lambda: print('listening', flush=True))",
                            'exited', ['True', 'listening']),
    'unref then ref': ("s.listen(0, '127.0.0.1'); s.unref(); print(s.ref() is s, flush=True)",
                       'running', ['True']),
    'unref twice then ref once': ("s.unref(); s.unref(); s.listen(0, '127.0.0.1'); s.ref(); print('ok', flush=True)",
                                  'running', ['ok']),
    'unref on a unix socket': ("import tempfile, os; d = tempfile.mkdtemp(); s.unref(); "
                               "s.listen(os.path.join(d, 's.sock'), lambda: print('listening', flush=True))",
                               'exited', ['listening']),
    'unref, open connection keeps it alive': (
        "s.unref(); s.on('connection', lambda x: print('connection', flush=True)); "
        "s.listen(0, '127.0.0.1', lambda: gnet.connect(s.address()['port'], '127.0.0.1').unref())",
        'running', ['connection']),
    'unref, connection ends': (
        "s.unref(); s.on('connection', lambda x: (print('connection', flush=True), x.end())); "
        "s.listen(0, '127.0.0.1', lambda: (lambda c: c.on('end', lambda: c.end()))"
        "(gnet.connect(s.address()['port'], '127.0.0.1')))",
        'exited', ['connection']),
    'gevent.wait() with an unref\'d server': (
        "s.listen(0, '127.0.0.1'); s.unref(); gnet.run = lambda: (gevent.wait(), print('waited', flush=True))",
        'exited', ['waited']),
    'closed unref\'d listener leaves the fd ref\'d for the next server': (
        "s.listen(0, '127.0.0.1'); fd = s.socket.fileno(); s.unref(); s.close(); "
        "t = gnet.create_server().listen(0, '127.0.0.1'); print(t.socket.fileno() == fd, flush=True)",
        'running', ['True']),
    'unref\'d listener closed, a gevent socket handle on the same fd': (
        "from gevent import socket as g; h = g.socket(); h.bind(('127.0.0.1', 0)); fd = h.fileno(); "
        "s.listen(h); s.unref(); s.close(); "
        "t = gnet.create_server().listen(0, '127.0.0.1'); print(t.socket.fileno() == fd, flush=True)",
        'running', ['True']),
    'unref\'d with a pool that filled and drained': (
        "from gevent.pool import Pool; s = gnet.create_server(spawn=Pool(1)); s.unref(); "
        "s.on('connection', lambda x: (print('connection', flush=True), x.end())); "
        "s.listen(0, '127.0.0.1', lambda: (lambda c: c.on('end', lambda: c.end()))"
        "(gnet.connect(s.address()['port'], '127.0.0.1')))",
        'exited', ['connection']),
    'ref\'d with a pool that filled and drained': (
        "from gevent.pool import Pool; s = gnet.create_server(spawn=Pool(1)); "
        "s.on('connection', lambda x: (print('connection', flush=True), x.end())); "
        "s.listen(0, '127.0.0.1', lambda: (lambda c: c.on('end', lambda: c.end()))"
        "(gnet.connect(s.address()['port'], '127.0.0.1')))",
        'running', ['connection']),
    'unref after an accept': (
        "s.on('connection', lambda x: (x.destroy(), s.unref(), print('connection', flush=True))); "
        "s.listen(0, '127.0.0.1', lambda: gnet.connect(s.address()['port'], '127.0.0.1').on('error', print))",
        'exited', ['connection']),
}


def _env(loop):
    env = dict(os.environ)
    env.pop('GEVENT_LOOP', None)
    if loop:
        env['GEVENT_LOOP'] = loop
    return env


def _run_children(cases, loop):
    """{name: (state, output lines)}; state 'exited', 'running' or 'failed: ...'.

    A child prints ``ready`` just before ``gnet.run()``; one expected to
    run is watched for ALIVE_FOR seconds from then, one expected to exit
    gets up to 20 s (the machine may be busy).
    """
    children = {name: subprocess.Popen(
        [sys.executable, '-c', PRELUDE + code + "\nprint('ready', flush=True)\ngnet.run()\n"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(loop))
        for name, (code, _, _) in cases.items()}
    before = {}
    for name, child in children.items():
        lines = []
        for line in child.stdout:
            if line == 'ready\n':
                break
            lines.append(line.strip())
        before[name] = lines
    watched_until = time.monotonic() + ALIVE_FOR
    exit_deadline = time.monotonic() + 20
    results = {}
    for name, child in children.items():
        if cases[name][1] == 'exited':
            try:
                child.wait(max(0.01, exit_deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass  # reported as 'running'
        else:
            time.sleep(max(0, watched_until - time.monotonic()))  # watching, not synchronising
        alive = child.poll() is None
        child.kill()
        out, err = child.stdout.read(), child.stderr.read()
        child.wait()
        if alive:
            state = 'running'
        else:
            state = 'exited' if child.returncode == 0 else 'failed: %s' % err
        results[name] = (state, before[name] + out.split())
    return results


@pytest.mark.parametrize('loop', LOOPS, ids=['default-loop', 'libuv-cffi'])
def test_ref_and_unref_decide_whether_gnet_run_returns(loop):
    results = _run_children(CASES, loop)
    expected = {name: (case[1], case[2]) for name, case in CASES.items()}
    # An "exited" child that should run shows a missing reference; report all at once.
    assert results == expected


CRASHES = {
    'unhandled error': ("a = gnet.create_server().listen(0, '127.0.0.1'); a.unref(); "
                        "s.listen(a.address()['port'], '127.0.0.1')", 'EADDRINUSE'),
    'listening listener raises': ("def boom(): raise RuntimeError('boom in listening')\n"
                                  "s.listen(0, '127.0.0.1', boom)", 'boom in listening'),
    'close listener raises': ("def boom(): raise RuntimeError('boom in close')\n"
                              "s.on('close', boom); s.close()", 'boom in close'),
    'drop listener raises': ("def boom(data): raise RuntimeError('boom in drop')\n"
                             "s.max_connections = 0; s.on('drop', boom)\n"
                             "s.listen(0, '127.0.0.1', lambda: gnet.connect(s.address()['port'], '127.0.0.1'))",
                             'boom in drop'),
    'error listener raises': ("def boom(err): raise RuntimeError('boom in error')\n"
                              "a = gnet.create_server().listen(0, '127.0.0.1'); a.unref(); s.on('error', boom); "
                              "s.listen(a.address()['port'], '127.0.0.1')", 'boom in error'),
}


@pytest.mark.parametrize('loop', LOOPS, ids=['default-loop', 'libuv-cffi'])
def test_server_level_failures_raise_out_of_gnet_run(loop):
    env = _env(loop)
    children = {name: subprocess.Popen(
        [sys.executable, '-c', PRELUDE + code + "\ntry:\n    gnet.run()\nexcept BaseException as e:\n"
         "    print('raised', type(e).__name__, flush=True)\n    raise\n"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for name, (code, _) in CRASHES.items()}
    for name, child in children.items():
        out, err = child.communicate(timeout=30)
        assert child.returncode == 1, (name, out, err)
        assert out.startswith('raised '), (name, out, err)
        assert CRASHES[name][1] in err, (name, err)
