"""Fast clients' round-trip latency beside slowloris clients (a benchmark, not a test).

    python bench/slowloris_latency.py [--slow 500] [--fast 50] [--seconds 5]

One gnet echo server (set_timeout 1000 ms, destroy on 'timeout') in this
process; *slow* clients trickle one byte every 200 ms, *fast* clients do
1 KiB round trips as fast as they can. Prints p50/p99/max of the fast
round trips with and without the slow clients, as JSON. The reliability
suite (tests/reliability/test_slow_clients.py) asserts correctness; this
script is where latency is looked at.
"""

import argparse
import json
import os
import time

import gevent
from gevent import socket as gsocket

import gnet


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else None


def run(slow, fast, seconds):
    def on_connection(sock):
        sock.set_timeout(1000, sock.destroy)
        sock.on('data', sock.write)

    server = gnet.create_server(on_connection)
    server.listen(0, '127.0.0.1', 2048)
    port = server.address()['port']
    deadline = time.monotonic() + seconds
    latencies = []

    def slowloris():
        with gsocket.create_connection(('127.0.0.1', port)) as c:
            while time.monotonic() < deadline:
                c.sendall(b'x')
                gevent.sleep(0.2)

    def client():
        with gsocket.create_connection(('127.0.0.1', port)) as c:
            msg = os.urandom(1024)
            while time.monotonic() < deadline:
                start = time.perf_counter()
                c.sendall(msg)
                got = 0
                while got < len(msg):
                    got += len(c.recv(65536))
                latencies.append(time.perf_counter() - start)

    greenlets = [gevent.spawn(slowloris) for _ in range(slow)]
    greenlets += [gevent.spawn(client) for _ in range(fast)]
    gevent.joinall(greenlets, raise_error=True)
    server.close()
    return {'slow': slow, 'fast': fast, 'round_trips': len(latencies),
            'p50_ms': round(percentile(latencies, 0.50) * 1000, 3),
            'p99_ms': round(percentile(latencies, 0.99) * 1000, 3),
            'max_ms': round(max(latencies) * 1000, 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--slow', type=int, default=500)
    parser.add_argument('--fast', type=int, default=50)
    parser.add_argument('--seconds', type=float, default=5)
    args = parser.parse_args()
    print(json.dumps({'baseline': run(0, args.fast, args.seconds),
                      'with_slowloris': run(args.slow, args.fast, args.seconds)}, indent=2))


if __name__ == '__main__':
    main()
