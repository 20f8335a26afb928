"""A TLS echo: the server's connection, secureConnection, data, end, finish, close
order, and the client's connect, ready, secureConnect, data, end, close."""
import shutil

from _tls_certs import make
from _trace import Trace

import gnet
from gnet import tls

t = Trace()
paths = make()
pem = {k: open(v).read() for k, v in paths.items() if k != 'dir'}
server = []
client = []


def on_secure(s):
    server.append(['secureConnection', s.encrypted, s.authorized, s.servername, s.alpnProtocol,
                   s.getProtocol()])
    s.on('data', lambda d: (server.append(['data', d.decode()]), s.write(d.decode().upper())))
    s.on('end', lambda: server.append(['end']))
    s.on('finish', lambda: server.append(['finish']))
    s.on('close', lambda h: (server.append(['close', h]), closed()))


srv = tls.create_server({'key': pem['key'], 'cert': pem['cert']}, on_secure)
srv.on('connection', lambda s: server.append(['connection']))
srv.on('tlsClientError', lambda e, s: server.append(['tlsClientError', e.code]))


closes = []


def closed():
    closes.append(1)
    if len(closes) == 2:
        srv.close(done)


def done(*args):
    t.log('server', server)
    t.log('client', client)
    shutil.rmtree(paths['dir'])
    t.dump()


def listening():
    def secure():
        client.append(['secureConnect', c.authorized, c.authorizationError, c.alpnProtocol,
                       c.getProtocol(), c.getPeerCertificate()['subjectaltname']])
        c.end('hello')
    c = tls.connect({'port': srv.address()['port'], 'host': '127.0.0.1',
                     'servername': 'localhost', 'ca': pem['ca']}, secure)
    c.on('connect', lambda: client.append(['connect']))
    c.on('ready', lambda: client.append(['ready']))
    c.on('data', lambda d: client.append(['data', d.decode()]))
    c.on('end', lambda: client.append(['end']))
    c.on('close', lambda h: (client.append(['close', h]), closed()))


srv.listen(0, '127.0.0.1', listening)
gnet.run()
