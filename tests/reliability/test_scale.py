"""Scale: 10,000 concurrent idle connections on one server.

The clients live in a child process (plain sockets and selectors), so the
server's process spends its descriptor budget on its own sockets only.
Each connection sits idle until all 10,000 are open (long enough for the
idle reaper to release their greenlets), then echoes a checksummed
message; the registry reports exactly 10,000, then 0 after the clients
close, and the server's 'close' fires once.
"""

import collections
import resource

import pytest

import gnet
from reliability_helpers import Counter, get_connections, raise_nofile, socket_fds, spawn_child

N = 10000

CLIENT = r'''
import hashlib, os, resource, selectors, socket, sys
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
print('connected', len(socks), flush=True)
assert sys.stdin.readline().strip() == 'go'
sent = {}
for s in socks:
    payload = os.urandom(32)
    msg = payload + hashlib.sha256(payload).digest()
    s.sendall(msg)
    sent[s] = msg
sel = selectors.DefaultSelector()
got = {}
for s in socks:
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
    got[s] = b''
pending = n
while pending:
    for key, _ in sel.select(30):
        s = key.fileobj
        chunk = s.recv(64 - len(got[s]))
        assert chunk, 'server closed a connection early'
        got[s] += chunk
        if len(got[s]) == 64:
            sel.unregister(s)
            pending -= 1
bad = 0
for s in socks:
    msg = got[s]
    if msg != sent[s] or hashlib.sha256(msg[:32]).digest() != msg[32:]:
        bad += 1
print('echoed', n - bad, 'bad', bad, flush=True)
assert sys.stdin.readline().strip() == 'close'
for s in socks:
    s.close()
print('closed', flush=True)
'''


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_ten_thousand_idle_connections_then_echo_and_drain():
    old_soft, hard = raise_nofile(N + 500)
    sockets_before = socket_fds()
    connected, closed = Counter(), Counter()
    close_counts = collections.Counter()
    server_closes = []

    def on_connection(sock):
        connected.add()
        sock.on('data', sock.write)

        def on_close(had_error):
            close_counts[id(sock)] += 1
            closed.add()
        sock.on('close', on_close)

    server = gnet.create_server(on_connection)
    server.on('close', lambda: server_closes.append(1))
    server.listen(0, '127.0.0.1', 4096)
    port = server.address()['port']
    child = spawn_child(CLIENT, argv=[str(port), str(N)], stderr=None)
    try:
        assert child.stdout.readline().split() == ['connected', str(N)]
        connected.wait_for(N, 60)
        assert get_connections(server) == N
        child.stdin.write('go\n')
        child.stdin.flush()
        assert child.stdout.readline().split() == ['echoed', str(N), 'bad', '0']
        server.close()
        assert not server_closes
        child.stdin.write('close\n')
        child.stdin.flush()
        assert child.stdout.readline().strip() == 'closed'
        closed.wait_for(N, 60)
        assert server.wait_closed(30)
        assert get_connections(server) == 0
        assert server_closes == [1]
        assert len(close_counts) == N and set(close_counts.values()) == {1}
        assert child.wait(30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdin.close()
        child.stdout.close()
        server.close()
    assert socket_fds() == sockets_before
    resource.setrlimit(resource.RLIMIT_NOFILE, (old_soft, hard))
