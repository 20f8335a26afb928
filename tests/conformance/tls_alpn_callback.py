"""The server's ALPNCallback({servername, protocols}): its choice is the
protocol; undefined rejects with no_application_protocol. (A name the client
did not offer crashes Node 20.18, the oracle, and is a 'tlsClientError' in
later 20.x: tests/tls/test_tls_options.py checks gnet's, the later one.)"""
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


def run(name, choice, servername):
    finished = Event()
    server, client = [], []
    pending = [2]

    def done(*args):
        pending[0] -= 1
        if pending[0]:
            return
        srv.close()
        t.log(name, 'server', server)
        t.log(name, 'client', client)
        finished.set()

    def alpn(info):
        server.append(['ALPNCallback', info])
        return choice

    def on_secure(s):
        server.append(['secureConnection', s.alpn_protocol])
        s.on('close', done)
        s.end()
    srv = tls.create_server({'key': pem['key'], 'cert': pem['cert'], 'ALPNCallback': alpn},
                            on_secure)
    srv.on('tlsClientError', lambda e, s: (server.append(['tlsClientError', e.code]), done()))
    srv.listen(0, '127.0.0.1')
    options = {'port': srv.address()['port'], 'host': '127.0.0.1', 'ca': pem['ca'],
               'ALPNProtocols': ['h2', 'http/1.1'], 'rejectUnauthorized': False}
    if servername:
        options['servername'] = servername
    c = tls.connect(options)
    c.on('secureConnect', lambda: client.append(['secureConnect', c.alpn_protocol]))
    c.on('data', lambda d: None)
    c.on('error', lambda e: client.append(['error', e.code]))
    c.on('close', done)
    finished.wait()


def main():
    run('chosen', 'http/1.1', 'localhost')
    run('none', None, None)
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
