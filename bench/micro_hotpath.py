#!/usr/bin/env python3
"""Python cost per echoed message on gnet's hot path, without the kernel.

usage: python bench/micro_hotpath.py [-n N] [--reps R]

The echo benchmark mixes kernel time (~70 % of the server's CPU on
loopback) with Python time, and on a shared machine its absolute numbers
drift.  This measures only the Python part, deterministically: the socket
underneath is a fake whose ``recv`` and ``send`` are C builtins
(``dict.get`` returning a 64-byte chunk, ``len``), so every nanosecond
counted is interpreter work.  Rows:

  tuned-body     the per-message statements of gevent_tuned_echo.py's loop
                 (recv, send, length checks, watcher start / hub switch /
                 watcher stop): the floor for any design;
  gnet-pump      ``Socket._pump()`` with ``on('data', sock.write)``: recv,
                 counters, 'data', write (one send), the drained check and
                 the park (the watcher and ``hub.switch`` are the same C-builtin
                 fakes as in tuned-body: the hub's own work is not counted);
  gnet-pump+hwm  the same with echo_event.py's listener (checks write()'s
                 result for highWaterMark, as node_echo.js does);
  gnet-blocking recv+sendall
                 echo_blocking.py's loop body (recv() waiting first after a
                 short read, then sendall()), ``hub.wait`` faked likewise;
  emit           one ``EventEmitter.emit('data', b)`` to one no-op listener;
  park/wake      one park on the hub and wake on readability, gnet's
                 ``_park`` vs gevent's ``hub.wait(watcher)`` (what the tuned
                 server does), on an fd that is always readable: this one
                 includes one epoll_wait per iteration and the hub's loop.

The difference gnet-pump − tuned-body is what gnet adds per message in
Python; the park/wake rows show the real hub's part, which both pay.

Issue 7 also asks that ``ref()``/``unref()`` and the server's connection
registry cost nothing per message; two checks follow the table:
  * static: the source of the per-message functions (``_drive``, ``_pump``,
    ``_park``, ``write``, ``emit``) names neither the registry
    (``_registry``, ``_connections``, ``remove``) nor ref state (``_refd``,
    ``ref``, ``_set_ref``, ``_alive``);
  * dynamic: gnet-pump timed for a socket that is unref()'d and registered
    in a server holding 10,000 other connections, against a plain one.
"""
import inspect
import re
import argparse
import itertools
import operator
import socket
import statistics
import sys
import time
import types

import gevent
from gevent.hub import get_hub
from greenlet import getcurrent

import gnet
from gnet import socket as gsock

DATA = b'x' * 64


def fake_raw():
    return types.SimpleNamespace(recv={gsock.RECV_SIZE: DATA}.get, send=operator.length_hint,
                                 close=lambda: None, fileno=lambda: -1,
                                 family=socket.AF_INET)


def fake_watcher():
    # start(cb, arg) and stop() as C builtins, like gevent's Cython watcher methods
    return types.SimpleNamespace(start={}.get, stop=[].clear, close=[].clear,
                                 events=1, active=False, ref=False)


def fake_hub_switch(n):
    """hub.switch() as a C builtin: 'readable' n-1 times, then 'a task' (2)."""
    return itertools.chain(itertools.repeat(1, n - 1), (2,)).__next__


def make_socket(listener='write'):
    s = gnet.Socket()
    s._raw = fake_raw()
    s._connected = True
    s._driver = getcurrent()
    if listener == 'write':
        s.on('data', s.write)
    else:
        write, pause, resume = s.write, s.pause, s.resume

        def on_data(data):
            if not write(data):
                pause()
                s.once('drain', resume)
        s.on('data', on_data)
    s._tasks.clear()
    s._read_watcher = fake_watcher()
    s._driver = types.SimpleNamespace(switch=None, dead=False)
    return s


_plain_make_socket = make_socket


def bench_tuned(n):
    """gevent_tuned_echo.py's loop body, with the same fake socket, watcher and hub."""
    raw = fake_raw()
    watcher = fake_watcher()
    hub_switch = fake_hub_switch(n)
    BUF = 65536
    t0 = time.perf_counter()
    for _ in range(n):
        try:
            data = raw.recv(BUF)
        except BlockingIOError:
            continue
        if not data:
            break
        try:
            sent = raw.send(data)
        except BlockingIOError:
            sent = 0
        if sent < len(data):
            pass
        if len(data) < BUF:  # wait(read_event): start, switch to the hub, stop
            watcher.start(None, 1)
            hub_switch()
            watcher.stop()
    return time.perf_counter() - t0


def bench_pump(n, listener='write'):
    """n messages through Socket._pump: recv, 'data', write, and the park after a short read.

    With the park inside _pump (current gnet) one call handles all n (the
    fake hub answers 'readable' n-1 times); with a _pump that returns to
    _drive after each short read, it is called n times.
    """
    s = make_socket(listener)
    s._hub = types.SimpleNamespace(switch=fake_hub_switch(n))
    pump = s._pump
    want = n * len(DATA)
    t0 = time.perf_counter()
    while s._bytes_read < want:
        pump()
    dt = time.perf_counter() - t0
    assert s.bytes_written == want, s.bytes_written
    return dt


def bench_blocking(n):
    """n messages of echo_blocking.py's loop: recv() (waits first after a short
    read) and sendall(), with the hub's wait() faked as a C builtin."""
    s = gnet.Socket()
    s._raw = fake_raw()
    s._connected = True
    s._driver = getcurrent()
    s._hub = types.SimpleNamespace(wait=[].count, switch=fake_hub_switch(n))
    for name in ('_wait_watcher', '_wait_write_watcher', '_read_watcher'):
        if hasattr(s, name):
            setattr(s, name, fake_watcher())
    recv, sendall = s.recv, s.sendall
    t0 = time.perf_counter()
    for _ in range(n):
        data = recv(65536)
        sendall(data)
    dt = time.perf_counter() - t0
    assert s.bytes_written == n * len(DATA), s.bytes_written
    return dt


def bench_emit(n):
    e = gnet.EventEmitter()
    e.on('data', lambda d: None)
    emit = e.emit
    t0 = time.perf_counter()
    for _ in range(n):
        emit('data', DATA)
    return time.perf_counter() - t0


def _readable_pair():
    a, b = socket.socketpair()
    b.send(b'!')  # a stays readable forever
    a.setblocking(False)
    return a, b


def bench_park_gnet(n):
    a, b = _readable_pair()
    s = gnet.Socket()
    s._attach(a)
    s._connected = True
    s._flowing = True
    done = []

    def driver():
        s._driver = getcurrent()
        t0 = time.perf_counter()
        for _ in range(n):
            s._park()
        done.append(time.perf_counter() - t0)
    g = gevent.spawn(driver)
    g.join()
    s._raw = None
    a.close()
    b.close()
    return done[0]


def bench_park_gevent(n):
    a, b = _readable_pair()
    hub = get_hub()
    watcher = hub.loop.io(a.fileno(), 1)
    done = []

    def waiter():
        wait = hub.wait
        t0 = time.perf_counter()
        for _ in range(n):
            wait(watcher)
        done.append(time.perf_counter() - t0)
    gevent.spawn(waiter).join()
    watcher.close()
    a.close()
    b.close()
    return done[0]


def make_registered_unrefd(listener='write'):
    s = _plain_make_socket(listener)
    server = gnet.create_server()
    server._connections.update(object() for _ in range(10000))
    server._connections.add(s)
    s._registry = server
    server.unref()
    s.unref()
    return s


HOT = [('Socket._drive', gsock.Socket._drive), ('Socket._pump', gsock.Socket._pump),
       ('Socket._park', gsock.Socket._park), ('Socket.write', gsock.Socket.write),
       ('Socket._push', gsock.Socket._push), ('Socket._send_or_queue', gsock.Socket._send_or_queue),
       ('EventEmitter.emit', gnet.EventEmitter.emit)]
COLD = re.compile(r'\b(_registry|_connections|remove|_refd|ref|unref|_set_ref|_alive|_hold)\b')


def static_check():
    found = []
    for name, fn in HOT:
        src = inspect.getsource(fn)
        body = src.split('"""')[-1] if src.count('"""') >= 2 else src  # skip the docstring
        for m in COLD.finditer(body):
            found.append('%s: %s' % (name, m.group(1)))
    return found


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('-n', type=int, default=200000)
    p.add_argument('--reps', type=int, default=7)
    a = p.parse_args(argv)
    rows = [('tuned-body', bench_tuned, a.n),
            ('gnet-pump', bench_pump, a.n),
            ('gnet-pump+hwm', lambda n: bench_pump(n, 'hwm'), a.n),
            ('gnet-blocking recv+sendall', bench_blocking, a.n),
            ('emit', bench_emit, a.n),
            ('park/wake gnet', bench_park_gnet, a.n // 4),
            ('park/wake gevent', bench_park_gevent, a.n // 4)]
    res = {}
    for _ in range(a.reps):
        for name, fn, n in rows:  # interleaved: machine noise hits every row alike
            res.setdefault(name, []).append(fn(n) / n * 1e9)
    print('ns per message, min and median of %d reps (python %s, gevent %s)'
          % (a.reps, sys.version.split()[0], gevent.__version__))
    print('| path | min ns | median ns |')
    print('|---|---|---|')
    for name, _, _ in rows:
        v = res[name]
        print('| %s | %.0f | %.0f |' % (name, min(v), statistics.median(v)))
    global make_socket
    plain = make_socket
    for _ in range(a.reps):
        make_socket = plain
        res.setdefault('pump (plain)', []).append(bench_pump(a.n) / a.n * 1e9)
        make_socket = make_registered_unrefd
        res.setdefault('pump (unref, registry of 10,001)', []).append(
            bench_pump(a.n) / a.n * 1e9)
    make_socket = plain
    base = min(res['tuned-body'])
    print('\ngnet adds (min): pump %+.0f ns, pump+hwm listener %+.0f ns, blocking recv+sendall '
          '%+.0f ns, park/wake %+.0f ns per message over the tuned server'
          % (min(res['gnet-pump']) - base, min(res['gnet-pump+hwm']) - base,
             min(res['gnet-blocking recv+sendall']) - base,
             min(res['park/wake gnet']) - min(res['park/wake gevent'])))
    found = static_check()
    print('\nref/unref and registry on the per-message path:')
    print('  static: %s' % ('; '.join(found) if found else
                           'none of %s names them' % ', '.join(n for n, _ in HOT)))
    p0, p1 = res['pump (plain)'], res['pump (unref, registry of 10,001)']
    print('  dynamic: per message %.0f ns (plain) vs %.0f ns (unref()\'d socket and server, '
          'registry of 10,001): %+.1f %%' % (min(p0), min(p1), (min(p1) / min(p0) - 1) * 100))
    return 0


if __name__ == '__main__':
    sys.exit(main())
