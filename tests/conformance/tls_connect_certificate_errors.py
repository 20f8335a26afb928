"""tls.connect's certificate failures: Node's codes and messages on 'error',
then 'close'(true); with rejectUnauthorized false, authorized/authorizationError."""
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


def serve(key, cert):
    srv = tls.create_server({'key': key, 'cert': cert},
                            lambda s: (s.on('error', lambda e: None), s.end()))
    srv.on('tlsClientError', lambda e, s: None)
    srv.listen(0, '127.0.0.1')
    return srv


def attempt_connect(name, options):
    done = Event()
    events = []

    def secure():
        events.append(['secureConnect', c.authorized, c.authorizationError])
        c.destroy()
    c = tls.connect(options, secure)
    c.on('error', lambda e: events.append(['error', e.code, str(e)]))
    c.on('close', lambda h: (events.append(['close', h]), t.log(name, events), done.set()))
    done.wait()


def main():
    good = serve(pem['key'], pem['cert'])
    expired = serve(pem['expired_key'], pem['expired_cert'])
    self = serve(pem['self_key'], pem['self_cert'])
    base = {'host': '127.0.0.1', 'ca': pem['ca']}
    attempt_connect('altname', dict(base, port=good.address()['port'], servername='example.com'))
    attempt_connect('altname-allowed', dict(base, port=good.address()['port'],
                                            servername='example.com', rejectUnauthorized=False))
    attempt_connect('expired', dict(base, port=expired.address()['port']))
    attempt_connect('expired-allowed', dict(base, port=expired.address()['port'],
                                            rejectUnauthorized=False))
    attempt_connect('self-signed', {'host': '127.0.0.1', 'port': self.address()['port']})
    attempt_connect('ok', dict(base, port=good.address()['port']))
    for s in (good, expired, self):
        s.close()
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
