"""What a client TLSSocket's state methods give before the handshake, after
it, and once destroyed; exportKeyingMaterial's argument checks."""
import shutil

import gevent
from _tls_certs import make
from _trace import Trace, err_info
from gevent.event import Event

import gnet
from gnet import tls

t = Trace()
paths = make()
pem = {k: open(v).read() for k, v in paths.items() if k != 'dir'}


def kind(r):
    if r is None:
        return None
    if isinstance(r, bytes):
        return 'bytes'
    return {bool: 'boolean', dict: 'object', str: 'string'}.get(type(r), type(r).__name__)


def tryit(label, fn):
    try:
        t.log(label, kind(fn()))
    except Exception as e:  # noqa: BLE001
        t.log(label, err_info(e))


def main():
    done = Event()
    srv = tls.create_server({'key': pem['key'], 'cert': pem['cert']}, lambda s: s.end())
    srv.listen(0, '127.0.0.1')
    c = tls.connect({'port': srv.address()['port'], 'host': '127.0.0.1',
                     'servername': 'localhost', 'ca': pem['ca']})
    tryit('ekm before', lambda: c.exportKeyingMaterial(8, 'x'))
    tryit('finished before', c.getFinished)
    tryit('peerFinished before', c.getPeerFinished)
    tryit('session before', c.getSession)
    t.log('cert before', c.getPeerCertificate())
    tryit('cipher before', c.getCipher)
    tryit('reused before', c.isSessionReused)

    def secure():
        tryit('ekm 0', lambda: c.exportKeyingMaterial(0, 'x'))
        tryit('ekm -1', lambda: c.exportKeyingMaterial(-1, 'x'))
        tryit('ekm 1.5', lambda: c.exportKeyingMaterial(1.5, 'x'))
        tryit('ekm context str', lambda: c.exportKeyingMaterial(8, 'x', 'abc'))
        t.log('ekm label utf8', c.exportKeyingMaterial(8, 'é') == c.exportKeyingMaterial(8, 'é'),
              c.exportKeyingMaterial(8, 'é') == c.exportKeyingMaterial(8, 'e'))
        tryit('finished', c.getFinished)
        t.log('own certificate (none)', c.getCertificate())
        tryit('cipher', c.getCipher)
        c.destroy()
        tryit('finished after destroy', c.getFinished)
        tryit('peerFinished after destroy', c.getPeerFinished)
        tryit('cert after destroy', c.getPeerCertificate)
        tryit('cipher after destroy', c.getCipher)
        srv.close()
        done.set()
    c.on('secureConnect', secure)
    done.wait()
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
