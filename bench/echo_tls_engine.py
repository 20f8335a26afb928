"""The TLS engine alone: one minimal gevent echo server, stdlib ``ssl`` or pyOpenSSL.

usage: python bench/echo_tls_engine.py ENGINE HOST PORT CERTDIR
       (ENGINE: ssl | pyopenssl)

For the engine decision (bench/TLS-ENGINE.md): the same server twice, a
greenlet per connection on a ``gevent.server.StreamServer``, memory BIOs
between the kernel socket and the TLS object, and only the TLS calls
differ — ``ssl.SSLObject`` (Python's C module over the system libssl)
or ``OpenSSL.SSL.Connection`` (pyOpenSSL: cffi over cryptography's own
OpenSSL). Per message: one ``recv()``, feed the incoming BIO, read the
plaintext, write it back, take the ciphertext, one ``sendall()``.
Defaults on both sides (TLS 1.3, two session tickets), as
``bench/echo_tls.py`` and ``bench/node_echo_tls.js`` have.
"""
import os
import sys

from gevent.server import StreamServer

RECV = 65536  #: bytes per recv(), as gnet's RECV_SIZE


def ssl_engine(certdir):
    """(new_conn, feed, handshake, read, write, take) over ``ssl.SSLObject``."""
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certdir, 'cert.pem'), os.path.join(certdir, 'key.pem'))
    want = ssl.SSLWantReadError

    def new_conn():
        inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
        return ctx.wrap_bio(inc, out, server_side=True), inc, out

    def handshake(conn):
        try:
            conn[0].do_handshake()
            return True
        except want:
            return False

    def read(conn):
        try:
            return conn[0].read(16384)
        except want:
            return b''

    return new_conn, (lambda conn, data: conn[1].write(data)), handshake, read, \
        (lambda conn, data: conn[0].write(data)), (lambda conn: conn[2].read())


def pyopenssl_engine(certdir):
    """The same calls over ``OpenSSL.SSL.Connection`` with memory BIOs."""
    from OpenSSL import SSL
    ctx = SSL.Context(SSL.TLS_SERVER_METHOD)
    ctx.use_certificate_chain_file(os.path.join(certdir, 'cert.pem'))
    ctx.use_privatekey_file(os.path.join(certdir, 'key.pem'))
    want = SSL.WantReadError

    def new_conn():
        conn = SSL.Connection(ctx, None)
        conn.set_accept_state()
        return conn

    def handshake(conn):
        try:
            conn.do_handshake()
            return True
        except want:
            return False

    def read(conn):
        try:
            return conn.recv(16384)
        except want:
            return b''

    def take(conn):
        try:
            return conn.bio_read(RECV)
        except want:
            return b''

    return new_conn, (lambda conn, data: conn.bio_write(data)), handshake, read, \
        (lambda conn, data: conn.send(data)), take


def serve(engine, host, port, certdir):
    new_conn, feed, handshake, read, write, take = engine(certdir)

    def handle(sock, _addr):
        conn = new_conn()
        try:
            while True:  # the handshake
                done = handshake(conn)
                out = take(conn)
                if out:
                    sock.sendall(out)
                if done:
                    break
                data = sock.recv(RECV)
                if not data:
                    return
                feed(conn, data)
            while True:  # echo
                plain = read(conn)
                while plain:
                    write(conn, plain)
                    plain = read(conn)
                out = take(conn)
                if out:
                    sock.sendall(out)
                data = sock.recv(RECV)
                if not data:
                    return
                feed(conn, data)
        except Exception:  # noqa: BLE001 - resets from the load generator
            return
        finally:
            sock.close()

    StreamServer((host, port), handle, backlog=511).serve_forever()


def main():
    engine = {'ssl': ssl_engine, 'pyopenssl': pyopenssl_engine}[sys.argv[1]]
    serve(engine, sys.argv[2], int(sys.argv[3]), sys.argv[4])


if __name__ == '__main__':
    main()
