"""Handler faults: 1,000 connections whose listeners raise at random points.

A child process serves 1,000 connections; a seeded plan (keyed by the
client's port) makes about three in four of them fail: the connection
listener raises, a 'data' listener raises part-way through the stream, or
a write callback raises. Each failing connection is destroyed (its client
sees the stream end early: EOF or a reset), every other connection echoes
its 4 KiB byte-exact, the server never stops, and stderr carries exactly
one report per failure (gevent's hub report, "... failed with PlannedFault").
"""

import json

import pytest

from reliability_helpers import spawn_child

N = 1000

CHILD = r'''
import json, os, random, sys
import gevent, gevent.event, gevent.pool
from gevent import socket as gsocket
import gnet

N, SEED = int(sys.argv[1]), int(sys.argv[2])
KINDS = ('ok', 'listener', 'data', 'callback')

class PlannedFault(Exception):
    pass

PROBES = set()   # client ports of the final liveness probe: never planned to fail

def plan(port):
    if port in PROBES:
        return 'ok', 0
    rng = random.Random(SEED * 65536 + port)
    return rng.choice(KINDS), rng.randint(1, 4096)

def on_connection(sock):
    kind, at = plan(sock.remote_port)
    if kind == 'listener':
        raise PlannedFault('in the connection listener')
    seen = [0]
    def on_data(chunk):
        seen[0] += len(chunk)
        if kind == 'data' and seen[0] >= at:
            raise PlannedFault('in a data listener')
        if kind == 'callback' and seen[0] >= at:
            def callback(err):
                raise PlannedFault('in a write callback')
            sock.write(chunk, callback)
        else:
            sock.write(chunk)
    sock.on('data', on_data)

server = gnet.create_server(on_connection)
server.listen(0, '127.0.0.1', 1024)
port = server.address()['port']

def client(i):
    c = gsocket.create_connection(('127.0.0.1', port))
    kind, _ = plan(c.getsockname()[1])
    msg = os.urandom(4096)
    got = b''
    try:
        with gevent.Timeout(20):
            try:
                c.sendall(msg)
                c.shutdown(gsocket.SHUT_WR)
                while True:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    got += chunk
            except (ConnectionResetError, BrokenPipeError):
                pass
    finally:
        c.close()
    return kind, got == msg, msg.startswith(got)

pool = gevent.pool.Pool(100)
results = pool.map(client, range(N))
with gsocket.socket() as c:   # still serving (a connection the plan leaves alone)
    c.bind(('127.0.0.1', 0))
    PROBES.add(c.getsockname()[1])
    c.connect(('127.0.0.1', port))
    c.sendall(b'still here')
    c.shutdown(gsocket.SHUT_WR)
    alive = c.recv(100) == b'still here'
server.close()
closed = server.wait_closed(10)   # 'close' comes once every connection ended
counts = gevent.event.AsyncResult()
server.get_connections(lambda err, n: counts.set([n]))
counts = counts.get(timeout=10)
print(json.dumps({
    'faults': sum(kind != 'ok' for kind, _, _ in results),
    'kinds': sorted(set(kind for kind, _, _ in results)),
    'ok_exact': all(exact for kind, exact, _ in results if kind == 'ok'),
    'ok_count': sum(kind == 'ok' for kind, _, _ in results),
    'faulty_cut_short': sum(not exact for kind, exact, _ in results if kind in ('listener', 'data')),
    'prefixes': all(prefix for _, _, prefix in results),
    'alive': alive, 'connections_after': counts, 'closed': closed,
}), flush=True)
'''


@pytest.mark.timeout(120)
def test_failing_listeners_destroy_only_their_connection():
    child = spawn_child(CHILD, argv=[str(N), '7'])
    out, err = child.communicate(timeout=100)
    assert child.returncode == 0, err[-3000:]
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary['kinds'] == ['callback', 'data', 'listener', 'ok']
    assert summary['ok_exact'] and summary['ok_count'] > 100
    assert summary['prefixes']
    assert summary['alive'] and summary['closed']
    assert summary['connections_after'] == [0]
    # one report per failure, and nothing else reported
    assert err.count('failed with PlannedFault') == summary['faults'], err[-3000:]
    assert err.count('Traceback') == summary['faults']
