"""gnet TLS echo server, Node's event style over ``gnet.tls``.

usage: python bench/echo_tls.py HOST PORT [CERTDIR]

The TLS twin of ``echo_event.py``: every 'data' chunk is written back,
pausing until 'drain' when write() returns False. Certificates: CERTDIR
holding ``key.pem``/``cert.pem``/``ca.pem`` (``bench/tls_bench.py`` makes
them in /tmp/gnet-tls-bench/certs; ``tls_loadgen.py --make-certs DIR`` too),
else a fresh trustme pair made at start (the load generators do not verify).
``bench/tls_bench.py`` runs it against ``bench/node_echo_tls.js`` (Node's
twin) under ``bench/tls_loadgen.c``; see bench/TLS.md.
"""
import os
import sys

import gnet
from gnet import tls


def _ignore(err):
    """Resets from the load generator are expected."""


def on_secure(sock):
    sock.on('error', _ignore)
    write, pause, resume = sock.write, sock.pause, sock.resume

    def on_data(data):
        if not write(data):
            pause()
            sock.once('drain', resume)

    sock.on('data', on_data)


def _credentials(certdir):
    if certdir:
        with open(os.path.join(certdir, 'key.pem')) as k, \
                open(os.path.join(certdir, 'cert.pem')) as c:
            return {'key': k.read(), 'cert': c.read()}
    import trustme
    leaf = trustme.CA().issue_cert('localhost', '127.0.0.1')
    return {'key': leaf.private_key_pem.bytes(), 'cert': leaf.cert_chain_pems[0].bytes()}


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    options = _credentials(sys.argv[3] if len(sys.argv) > 3 else None)
    server = tls.create_server(options, on_secure)
    server.on('tlsClientError', lambda err, sock: None)
    server.listen(port, host, 511)
    gnet.run()


if __name__ == '__main__':
    main()
