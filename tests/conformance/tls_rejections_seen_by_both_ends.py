"""A leaf from a CA the client does not trust: UNABLE_TO_VERIFY_LEAF_SIGNATURE;
a client that rejects the server by host name: the server sees
'tlsClientError' ECONNRESET and no 'secureConnection'; a server that rejects
the client's certificate: the same hang-up; without rejectUnauthorized the
server takes it with authorized false and OpenSSL's code; a client that
destroys its socket in 'secureConnect' never completes the server's handshake."""
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


def scenario(name, server_options, client_options, destroy_at_secure=False):
    finished = Event()
    pending = [2]
    server, client = [], []

    def done(*args):
        pending[0] -= 1
        if pending[0]:
            return
        srv.close()
        t.log(name, 'server', server)
        t.log(name, 'client', client)
        finished.set()

    def on_secure(s):
        server.append(['secureConnection', s.authorized, s.authorizationError])
        s.on('error', lambda e: server.append(['socket error', e.code]))
        s.on('close', done)
        s.end('ok')
    srv = tls.create_server(dict({'key': pem['key'], 'cert': pem['cert']}, **server_options),
                            on_secure)
    srv.on('tlsClientError', lambda e, s: (server.append(['tlsClientError', e.code, str(e)]),
                                           done()))
    srv.listen(0, '127.0.0.1')
    c = tls.connect(dict({'port': srv.address()['port'], 'host': '127.0.0.1'},
                         **client_options))
    def secure():
        client.append(['secureConnect', c.authorized, c.authorizationError])
        if destroy_at_secure:
            c.destroy()
    c.on('secureConnect', secure)
    c.on('data', lambda d: None)
    c.on('error', lambda e: client.append(['error', e.code, str(e)]))
    c.on('close', lambda *a: (client.append('close'), done()))
    finished.wait()


def main():
    scenario('unknown-ca', {}, {'ca': pem['other_ca'], 'servername': 'localhost'})
    scenario('hostname', {}, {'ca': pem['ca'], 'servername': 'example.com'})
    scenario('hostname-tls12', {'maxVersion': 'TLSv1.2'},
             {'ca': pem['ca'], 'servername': 'example.com'})
    scenario('client-cert-rejected', {'ca': pem['ca'], 'requestCert': True},
             {'ca': pem['ca'], 'servername': 'localhost', 'key': pem['bad_client_key'],
              'cert': pem['bad_client_cert']})
    scenario('client-cert-allowed', {'ca': pem['ca'], 'requestCert': True,
                                     'rejectUnauthorized': False},
             {'ca': pem['ca'], 'servername': 'localhost', 'key': pem['bad_client_key'],
              'cert': pem['bad_client_cert']})
    scenario('client-destroys-at-secureConnect', {},
             {'ca': pem['ca'], 'servername': 'localhost'}, True)
    scenario('client-cert-good', {'ca': pem['ca'], 'requestCert': True},
             {'ca': pem['ca'], 'servername': 'localhost', 'key': pem['client_key'],
              'cert': pem['client_cert']})
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
