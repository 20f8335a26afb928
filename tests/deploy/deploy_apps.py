"""Connection listeners the deployment tests serve in child processes.

``hello`` answers each connection at once with one JSON line saying which
process took it and whom it sees (after a PROXY header, the original
client), then echoes — so a test learns the worker pid and the remote
address without a protocol of its own.
"""

import json
import os


def hello(sock):
    info = {'pid': os.getpid(), 'remote_address': sock.remote_address,
            'remote_port': sock.remote_port, 'remote_family': sock.remote_family,
            'proxy_address': sock.proxy_address}
    sock.write(json.dumps(info).encode() + b'\n')
    sock.on('data', sock.write)


def make_server():
    """A factory (no arguments) returning a configured Server."""
    import gnet
    return gnet.create_server({'allowHalfOpen': False}, hello)
