"""Memory per idle connection of bench/echo_event.py, in this process: RSS, or by allocation site.

usage (from the repository root)::

    .venv/bin/python bench/idle_memory.py                  # RSS growth per connection
    .venv/bin/python bench/idle_memory.py --tracemalloc    # Python objects, by where made
    PYTHONPATH=../old .venv/bin/python bench/idle_memory.py  # another checkout's gnet

A child process (plain sockets) opens *N* connections to the echo server
of ``bench/echo_event.py`` running here, checks one 16-byte echo on each
(as ``bench/loadgen.c``'s idle scenario does) and holds them. Once the
server counts them all and a hold of 1 s has passed (the idle reaper
has released their greenlets), this prints the server's growth per
connection: VmRSS, or with ``--tracemalloc`` the Python objects still
allocated, grouped by the line that made them. run.py's idle column
measures the same from outside (the server's VmRSS via /proc), between
other scenarios; this one is steadier and says where the bytes are. Costs
that do not grow with the connections (the greenlet pool, at most 128
parked greenlets; hash tables sized in powers of two) are divided by *N*
too: compare runs with the same *N* (5,000 by default), or a small *N*
overstates the figure (2,000: ~2.8 KiB of RSS where 5,000 gives ~2.2).
"""

import argparse
import os
import subprocess
import sys
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gevent  # noqa: E402
import gnet  # noqa: E402
import echo_event  # noqa: E402  (bench/echo_event.py: the server measured)

CLIENT = '''
import socket, sys, time
held = []
for _ in range(int(sys.argv[2])):
    c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    c.sendall(b"x" * 16)
    got = b""
    while len(got) < 16:
        got += c.recv(16)
    assert got == b"x" * 16
    held.append(c)
time.sleep(600)
'''


def rss_bytes():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('-n', type=int, default=5000, help='connections (default 5,000)')
    p.add_argument('--tracemalloc', action='store_true',
                   help='Python objects by allocation site instead of RSS')
    p.add_argument('--top', type=int, default=12)
    a = p.parse_args(argv)
    server = gnet.create_server({'noDelay': True}, echo_event.on_connection)
    server.listen(0, '127.0.0.1', 511)
    gevent.sleep(0.2)
    if a.tracemalloc:
        tracemalloc.start(6)
        before = tracemalloc.take_snapshot()
    rss0 = rss_bytes()
    client = subprocess.Popen([sys.executable, '-c', CLIENT, str(server.address()['port']), str(a.n)])
    try:
        with gevent.Timeout(120):
            while len(server._connections) < a.n:
                gevent.sleep(0.05)
        gevent.sleep(1.0)
        print('gnet %s: %d idle connections' % (os.path.dirname(gnet.__file__), a.n))
        if not a.tracemalloc:
            print('RSS growth per connection: %.0f bytes' % ((rss_bytes() - rss0) / a.n))
            return 0
        stats = tracemalloc.take_snapshot().compare_to(before, 'traceback')
        print('Python objects per connection: %.0f bytes'
              % (sum(s.size_diff for s in stats) / a.n))
        for stat in stats[:a.top]:
            print('%6.0f bytes %5.2f objects  made at (innermost first):'
                  % (stat.size_diff / a.n, stat.count_diff / a.n))
            for line in stat.traceback.format(most_recent_first=True)[:6:2]:
                print('        ' + line.strip())
    finally:
        client.kill()
        client.wait()
    return 0


if __name__ == '__main__':
    sys.exit(main())
