"""Regression guard for the hot path: system calls per echoed message.

Not a timed test. An event-style gnet echo server (``on('data', write)``)
runs in a subprocess under ``strace -f``; the test drives N=2000 64-byte
echo round trips over a few loopback connections and counts every system
call the server made between "listening" (its READY line on stdout) and
the SIGTERM that ends it. A tuned gevent echo server (recv/send
on the raw socket, no per-call timeout) needs about 2 per
message (one recvfrom, one sendto; epoll_wait is amortised over the ready
connections), so more than 3 means a syscall crept onto the per-message
path: a recv() into EAGAIN, gevent's sendall() getsockopt, a
timer/epoll_ctl per message...

strace is required in CI (``.ci/run`` installs it): there a missing strace
fails the test; elsewhere it is skipped with a message.
"""

import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

N_MESSAGES = 2000
N_CONNECTIONS = 16  # one round = 16 messages: epoll_wait is amortised over them
MSG_SIZE = 64
MAX_PER_MESSAGE = 3.0

SERVER = r'''
import os, sys
import gnet

def ignore(err):
    pass

def on_connection(sock):
    sock.on('error', ignore)
    sock.on('data', sock.write)

server = gnet.create_server(on_connection)

def ready():
    # The start marker in the trace: write(1, "READY <port> <pid>\n", ...).
    os.write(1, ('READY %d %d\n' % (server.address()['port'], os.getpid())).encode())

server.listen(0, '127.0.0.1', ready)
gnet.run()
'''

_SYSCALL = re.compile(r'^\d+\s+([a-z_0-9]+)\(')


def _strace():
    path = shutil.which('strace')
    if path is None:
        if os.environ.get('CI'):
            pytest.fail('strace is not installed, and CI must run the syscall guard '
                        '(.ci/run installs strace: apt-get install -y strace)', pytrace=False)
        pytest.skip('strace is not installed (apt-get install strace); the syscall-count '
                    'guard needs it')
    return path


def _drive(port, n_messages, n_conns, size):
    """Echo in rounds: one message on every connection, then wait for every echo.

    A connection gets its next message only once the whole round came back,
    so a server that calls recv() again right after echoing (instead of
    waiting for readability) meets an empty socket and pays an EAGAIN
    recvfrom, which this test then counts (under strace the server is slow,
    and a client answering each echo at once would hide that). One thread,
    non-blocking sockets and a selector; every echoed byte is checked.
    Returns the sockets, still open.
    """
    sel = selectors.DefaultSelector()
    conns = []
    for _ in range(n_conns):
        s = socket.create_connection(('127.0.0.1', port), timeout=10)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        conns.append(s)
    deadline = time.monotonic() + 15
    sent = 0
    while sent < n_messages:
        pending = {}
        for s in conns[:n_messages - sent]:
            pending[s] = [bytes((sent * 7 + j) & 0xFF for j in range(size)), b'']
            sent += 1
        for s, (msg, _) in pending.items():  # a tight burst: one server wake-up per round
            s.sendall(msg)  # 64 bytes into an empty socket buffer: never blocks
        while pending:
            if time.monotonic() > deadline:
                raise AssertionError('echo stalled: %d of %d messages sent' % (sent, n_messages))
            for key, _ in sel.select(timeout=1.0):
                s = key.fileobj
                chunk = s.recv(65536)
                if not chunk:
                    raise AssertionError('server closed a connection early')
                if s not in pending:
                    raise AssertionError('unexpected bytes from the server: %r' % chunk)
                want, got = pending[s]
                got += chunk
                if len(got) < len(want):
                    pending[s][1] = got
                    continue
                assert got == want, 'echo mismatch'
                del pending[s]
    sel.close()
    return conns


def _count(trace_path):
    """Syscalls after the READY write and before SIGTERM arrived, by name."""
    counts = {}
    started = False
    with open(trace_path, errors='replace') as f:
        for line in f:
            if not started:
                if 'write(1, "READY' in line:
                    started = True
                continue
            if '--- SIGTERM' in line:
                break
            m = _SYSCALL.match(line)
            if m:
                name = m.group(1)
                if name in ('recvfrom', 'recv', 'read') and 'EAGAIN' in line:
                    name += '(EAGAIN)'
                counts[name] = counts.get(name, 0) + 1
    assert started, 'no READY write found in the strace output'
    return counts


# gevent's libuv loop starts and stops a poll handle per wait (an epoll_ctl
# each time): it is supported for correctness, not speed (issue 7), so the
# guard holds the default libev loop to the tuned server's count.
@pytest.mark.libuv_skip
def test_event_echo_syscalls_per_message():
    strace = _strace()
    with tempfile.TemporaryDirectory(prefix='gnet-strace-') as tmp:
        trace = os.path.join(tmp, 'trace.txt')
        proc = subprocess.Popen(
            [strace, '-f', '-qq', '-o', trace, sys.executable, '-c', SERVER],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        conns = []
        try:
            line = proc.stdout.readline()
            if not line.startswith(b'READY '):
                proc.kill()
                _, err = proc.communicate(timeout=10)
                pytest.fail('server did not start under strace: %r %s'
                            % (line, err.decode(errors='replace')[-2000:]))
            port, server_pid = (int(x) for x in line.split()[1:3])
            conns = _drive(port, N_MESSAGES, N_CONNECTIONS, MSG_SIZE)
            # End marker: the server dies of SIGTERM; everything before the
            # signal line in the trace is the measured window.
            os.kill(server_pid, signal.SIGTERM)
            proc.communicate(timeout=10)
        finally:
            for s in conns:
                s.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        counts = _count(trace)
    total = sum(counts.values())
    per_message = total / N_MESSAGES
    breakdown = ', '.join('%s %d' % kv for kv in sorted(counts.items(), key=lambda kv: -kv[1]))
    assert per_message <= MAX_PER_MESSAGE, (
        '%.2f syscalls per echoed message (limit %.1f; the tuned gevent server needs ~2): %s'
        % (per_message, MAX_PER_MESSAGE, breakdown))
    # The two that must be there, once per message each ...
    assert counts.get('recvfrom', 0) >= N_MESSAGES, breakdown
    assert counts.get('sendto', 0) >= N_MESSAGES, breakdown
    # ... and no recv() into an empty socket after a short read (libuv's rule).
    eagain = counts.get('recvfrom(EAGAIN)', 0)
    assert eagain <= N_MESSAGES * 0.25, (
        '%d recvfrom calls returned EAGAIN for %d messages: after a short read the '
        'driver must wait for readability instead: %s' % (eagain, N_MESSAGES, breakdown))
