"""Child processes for the deployment tests: start, read lines, stop, clean up.

Every wait polls the child's output (or a socket) with a deadline; nothing
sleeps to synchronise. A tool a test needs (gunicorn, haproxy) that is
missing fails the test when ``CI=true`` and skips it elsewhere.
"""

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LISTENING = re.compile(r'gnet listening on (\S+)')


def require(tool, how):
    """The path of *tool*; fail under CI, skip elsewhere, when it is missing."""
    if tool == 'gunicorn':
        try:
            import gunicorn  # noqa: F401
        except ImportError:
            path = None
        else:
            path = sys.executable
    else:
        path = shutil.which(tool) or (os.path.exists('/usr/sbin/' + tool) and '/usr/sbin/' + tool)
    if not path:
        message = '%s is not installed (%s)' % (tool, how)
        if os.environ.get('CI', '').lower() == 'true':
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def child_env(**extra):
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join([HERE, ROOT] + ([env['PYTHONPATH']]
                                                       if env.get('PYTHONPATH') else []))
    env['PYTHONUNBUFFERED'] = '1'
    env.update(extra)
    return env


class Child:
    """A child process whose stdout and stderr lines are collected by threads."""

    def __init__(self, argv, env=None, **kw):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env or child_env(), text=True, **kw)
        self.lines = queue.Queue()
        self.out, self.err = [], []
        self._pumps = [threading.Thread(target=self._pump, args=(stream, sink), daemon=True)
                       for stream, sink in ((self.proc.stdout, self.out),
                                            (self.proc.stderr, self.err))]
        for pump in self._pumps:
            pump.start()

    def _pump(self, stream, sink):
        for line in stream:
            sink.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, pattern, timeout=20):
        """The first match of *pattern* in any later output line (polls the queue)."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        ended = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError('no %r from %s within %ss:\n%s' % (
                    pattern, self.argv, timeout, self.output()))
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                ended += 1
                if ended == 2:
                    raise AssertionError('%s exited (%s) before %r:\n%s' % (
                        self.argv, self.proc.wait(), pattern, self.output()))
                continue
            match = regex.search(line)
            if match:
                return match

    def listening(self, timeout=20):
        """(host, port) from the 'gnet listening on' line."""
        where = self.wait_for(LISTENING.pattern, timeout).group(1)
        host, _, port = where.rpartition(':')
        return host.strip('[]'), int(port)

    def output(self):
        return ''.join(self.out) + ''.join(self.err)

    def signal(self, signum):
        self.proc.send_signal(signum)

    def wait(self, timeout=30):
        """The exit code; the output is then complete (the pumps read to EOF)."""
        code = self.proc.wait(timeout)
        for pump in self._pumps:
            pump.join(timeout)
        return code

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL) if self._own_group else self.proc.kill()
            except OSError:
                pass
            self.proc.wait(10)

    _own_group = False


def gnet_serve(*args, env=None, new_group=False, **kw):
    child = Child([sys.executable, '-m', 'gnet', 'serve'] + [str(a) for a in args],
                  env=env, start_new_session=new_group, **kw)
    child._own_group = new_group
    return child


def hello(address, source=None, timeout=10):
    """Connect, read the hello line; (socket, info dict)."""
    sock = socket.create_connection(address, timeout=timeout, source_address=source)
    return sock, json.loads(read_line(sock))


def read_line(sock):
    data = b''
    while not data.endswith(b'\n'):
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError('closed after %r' % data)
        data += chunk
    return data


def echo_roundtrip(sock, payload):
    sock.sendall(payload)
    got = b''
    while len(got) < len(payload):
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += chunk
    return got
