"""Failed handshakes are 'tlsClientError' (never 'secureConnection') and the
server goes on: a plain HTTP request, a client hanging up, a silent client
past handshakeTimeout (its listener destroys the socket)."""
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
events = []
srv = tls.create_server({'key': pem['key'], 'cert': pem['cert'], 'handshakeTimeout': 300},
                        lambda s: events.append(['secureConnection']))
srv.on('connection', lambda s: events.append(['connection']))


def on_error(e, s):
    events.append(['tlsClientError', e.code, None if e.code == 'ERR_SSL_HTTP_REQUEST' else str(e),
                   isinstance(s, tls.TLSSocket)])
    s.destroy()


srv.on('tlsClientError', on_error)


def run(name, start):
    done = Event()
    del events[:]
    c = gnet.connect(srv.address()['port'], '127.0.0.1', lambda: start(c))
    c.on('error', lambda e: None)
    c.on('data', lambda d: None)
    c.on('close', lambda h: (events.append(['client close']), t.log(name, list(events)),
                             done.set()))
    done.wait()


def main():
    run('http', lambda c: c.write('GET / HTTP/1.1\r\n\r\n'))
    run('hangup', lambda c: c.end())
    run('silent', lambda c: None)
    srv.close(lambda *a: (shutil.rmtree(paths['dir']), t.dump()))


srv.listen(0, '127.0.0.1')
gevent.spawn(main)
gnet.run()
