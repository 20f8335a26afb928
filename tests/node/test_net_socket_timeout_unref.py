"""Port of Node's test/parallel/test-net-socket-timeout-unref.js.

Checks that unref'd sockets with idle timeouts (2-8 s) do not keep
``gnet.run()`` waiting (Node: the process exits) and their 'timeout'
never fires.
"""

from nodeport import run_python

SCRIPT = '''
import time
import gnet

def on_connection(conn):
    conn.write(b'hello')
    conn.unref()

server = gnet.create_server(on_connection)
server.listen(0)
server.unref()
port = server.address()['port']
timed_out = []
for seconds in (8, 5, 3, 6, 2, 4):
    client = gnet.create_connection(port, 'localhost')
    client.set_timeout(seconds * 1000, lambda: (timed_out.append(1), client.destroy()))
    client.unref()
started = time.monotonic()
emptied = gnet.run(15)
print('emptied' if emptied else 'hung', 'timed-out' if timed_out else 'no-timeout',
      'fast' if time.monotonic() - started < 1.5 else 'slow')
'''


def test_unrefd_sockets_with_timeouts_do_not_hold_the_loop():
    code, out, err = run_python(SCRIPT)
    assert code == 0, err
    assert out.split() == ['emptied', 'no-timeout', 'fast'], (out, err)
