"""STARTTLS both ways: a plain net server and client agree in clear text,
then the server wraps its socket in new tls.TLSSocket(sock, {isServer})
('secure') and the client calls tls.connect({socket}) ('secureConnect',
'secure'); the plain sockets close with the TLS ones, just before them."""
import shutil

import gevent
from _tls_certs import make
from _trace import Trace
from gevent.event import Event

import gnet
from gnet import tls

t = Trace()
paths = make()
pem = {k: open(v).read() for k, v in paths.items() if k != 'dir'}
secure_context = tls.create_secure_context({'key': pem['key'], 'cert': pem['cert']})


def run(name):
    finished = Event()
    server, client = [], []
    closes = [0]

    def closed(*args):
        closes[0] += 1
        if closes[0] < 4:
            return
        srv.close()
        t.log(name, 'server', server)
        t.log(name, 'client', client)
        finished.set()

    def on_connection(plain):
        plain.on('close', lambda *a: (server.append('plain close'), closed()))

        def command(d):
            i = d.index(b'\n')
            server.append(['command', d[:i].decode()])
            plain.write('GO\n')
            s = tls.TLSSocket(plain, {'isServer': True, 'secureContext': secure_context})
            server.append(['wrapped', s.encrypted, s.remote_port == plain.remote_port])
            s.on('secure', lambda: server.append(['secure', s.authorized, s.get_protocol()]))
            got = []
            s.on('data', got.append)
            s.on('end', lambda: (server.append(['end', b''.join(got).decode()]),
                                 s.end('secret-from-server')))
            s.on('error', lambda e: server.append(['error', e.code]))
            s.on('close', lambda *a: (server.append('tls close'), closed()))
        plain.once('data', command)

    srv = gnet.create_server(on_connection)
    srv.listen(0, '127.0.0.1')
    plain = gnet.connect(srv.address()['port'], '127.0.0.1')
    plain.on('close', lambda *a: (client.append('plain close'), closed()))

    def upgrade():
        c = tls.connect({'socket': plain, 'servername': 'localhost', 'ca': pem['ca']},
                        lambda: client.append('callback'))
        client.append(['upgraded', c.encrypted, c is plain])
        c.on('secureConnect', lambda: client.append(['secureConnect', c.authorized,
                                                     c.get_protocol()]))
        c.on('secure', lambda: client.append('secure'))
        got = []
        c.on('data', got.append)
        c.on('end', lambda: client.append(['end', b''.join(got).decode()]))
        c.on('error', lambda e: client.append(['error', e.code]))
        c.on('close', lambda *a: (client.append('tls close'), closed()))
        c.end('secret-from-client')

    def connected():
        plain.write('STARTTLS\n')
        plain.once('data', lambda d: (client.append(['reply', d.decode()]), upgrade()))
    plain.on('connect', connected)
    finished.wait()


def main():
    run('starttls')
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
