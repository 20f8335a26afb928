"""A small Python TLS load generator — superseded for measurement by tls_loadgen.c.

Not for figures: in Python the load generator, not the server, is the
bottleneck (it shares the 2 CPUs and costs more per message than either
server); its 0.53x for gnet was mostly its own limit (bench/TLS_RESULTS.md
has the fair figures). ``bench/tls_bench.py`` with
``bench/tls_loadgen.c`` (C, OpenSSL, epoll, pinned) is the measurement;
this file stays as a dependency-free smoke check and for ``--make-certs``.

usage:
  python bench/tls_loadgen.py --make-certs DIR
  python bench/tls_loadgen.py HOST PORT [--conns 50] [--size 64] [--seconds 5]
                              [--handshakes] [--procs 4]

Echo mode: each connection sends one SIZE-byte message and waits for it to
come back (ping-pong, like bench/loadgen.c's echo), for
SECONDS; prints one JSON line {msgs_per_s, ...}. Handshake mode: each
connection loop does connect + TLS handshake + close. Runs PROCS worker
processes (stdlib ssl + threads would measure the GIL; processes don't).
The certificate is not verified: this measures the server, not the chain.
"""
import argparse
import json
import multiprocessing
import os
import socket
import ssl
import threading
import time


def make_certs(directory):
    import trustme
    os.makedirs(directory, exist_ok=True)
    ca = trustme.CA()
    leaf = ca.issue_cert('localhost', '127.0.0.1')
    leaf.private_key_pem.write_to_path(os.path.join(directory, 'key.pem'))
    leaf.cert_chain_pems[0].write_to_path(os.path.join(directory, 'cert.pem'))
    ca.cert_pem.write_to_path(os.path.join(directory, 'ca.pem'))


def _context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _echo_conn(host, port, size, deadline, counts, index):
    ctx = _context()
    raw = socket.create_connection((host, port))
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock = ctx.wrap_socket(raw, server_hostname='localhost')
    msg = b'x' * size
    n = 0
    while time.monotonic() < deadline:
        sock.sendall(msg)
        got = 0
        while got < size:
            data = sock.recv(65536)
            if not data:
                return
            got += len(data)
        n += 1
    counts[index] = n
    sock.close()


def _handshake_conn(host, port, deadline, counts, index):
    ctx = _context()
    n = 0
    while time.monotonic() < deadline:
        raw = socket.create_connection((host, port))
        sock = ctx.wrap_socket(raw, server_hostname='localhost')
        sock.close()
        n += 1
    counts[index] = n


def _worker(args, conns, queue):
    deadline = time.monotonic() + args.seconds
    counts = [0] * conns
    threads = []
    for i in range(conns):
        if args.handshakes:
            target, extra = _handshake_conn, (deadline, counts, i)
        else:
            target, extra = _echo_conn, (args.size, deadline, counts, i)
        th = threading.Thread(target=target, args=(args.host, args.port) + extra, daemon=True)
        th.start()
        threads.append(th)
    for th in threads:
        th.join(args.seconds + 10)
    queue.put(sum(counts))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('host', nargs='?')
    parser.add_argument('port', nargs='?', type=int)
    parser.add_argument('--make-certs')
    parser.add_argument('--conns', type=int, default=50)
    parser.add_argument('--size', type=int, default=64)
    parser.add_argument('--seconds', type=float, default=5)
    parser.add_argument('--procs', type=int, default=4)
    parser.add_argument('--handshakes', action='store_true')
    args = parser.parse_args()
    if args.make_certs:
        make_certs(args.make_certs)
        return
    queue = multiprocessing.Queue()
    per = max(1, args.conns // args.procs)
    procs = [multiprocessing.Process(target=_worker, args=(args, per, queue))
             for _ in range(args.procs)]
    for p in procs:
        p.start()
    total = sum(queue.get() for _ in procs)
    for p in procs:
        p.join()
    key = 'handshakes_per_s' if args.handshakes else 'msgs_per_s'
    print(json.dumps({key: round(total / args.seconds), 'conns': per * args.procs,
                      'size': args.size, 'seconds': args.seconds}))


if __name__ == '__main__':
    main()
