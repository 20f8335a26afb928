"""The README's migration snippets, run as programs: the handler still sees ``(host, port)``.

The "before" code binds ``0.0.0.0``, so a handler may unpack
``host, port = address``. The "after" snippet must keep that: run with
port 0 instead of 8007, a handler that unpacks the address answers.
"""

import os
import re
import socket
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')

pytestmark = pytest.mark.timeout(60)

PRELUDE = '''
import socketserver, sys
import gevent, gnet

def handle(socket, address):
    host, port = address            # what StreamServer(('0.0.0.0', 8007), handle) gave
    socket.sendall(('%s %d\\n' % (host, port)).encode())

class LineHandler(socketserver.BaseRequestHandler):
    def handle(self):
        host, port = self.client_address
        self.request.sendall(('%s %d\\n' % (host, port)).encode())
'''


def snippets():
    """The migration section's socketserver block and gevent "after" block."""
    text = open(os.path.join(ROOT, 'README.md')).read()
    section = text[text.index('## Migrating to gnet'):text.index('## TLS')]
    blocks = re.findall(r'```python\n(.*?)```', section, re.S)
    socketserver_block = blocks[0]
    gevent_after = blocks[1].split('# after\n', 1)[1].split('# then', 1)[0]
    return {'socketserver': socketserver_block, 'gevent': gevent_after}


@pytest.mark.parametrize('name', ['socketserver', 'gevent'])
def test_migrated_handler_still_unpacks_host_and_port(name):
    code = snippets()[name].replace('8007', '0').replace(
        'server.serve_forever()',
        "server.start()\nprint(server.address()['port'], flush=True)\nserver.serve_forever()")
    proc = subprocess.Popen([sys.executable, '-c', PRELUDE + code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        with socket.create_connection(('127.0.0.1', port), timeout=10) as conn:
            conn.sendall(b'hi')
            reply = conn.recv(100)
            mine = conn.getsockname()[1]
        assert reply == b'127.0.0.1 %d\n' % mine, reply  # b'': the handler raised
    finally:
        proc.kill()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
