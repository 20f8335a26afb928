"""A client secureContext from createSecureContext({ca}) connects; the peer
certificate has its key fields (RSA and EC) and getPeerCertificate(true)
chains issuerCertificate up to the self-signed root; getCipher's standardName."""
import re
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


def shape(cert):
    out = {k: cert.get(k) for k in ('bits', 'exponent', 'asn1Curve', 'nistCurve',
                                    'ext_key_usage', 'ca')}
    out['subjectCN'] = (cert.get('subject') or {}).get('CN')
    out['issuerCN'] = (cert.get('issuer') or {}).get('CN')
    out['pubkeyLength'] = len(cert['pubkey']) if cert.get('pubkey') else None
    modulus = cert.get('modulus')
    out['modulusHex'] = (bool(re.fullmatch('[0-9A-F]+', modulus)) and len(modulus)) \
        if isinstance(modulus, str) else None
    out['fp256'] = bool(re.fullmatch('([0-9A-F]{2}:){31}[0-9A-F]{2}', cert['fingerprint256']))
    out['hasIssuerCertificate'] = 'issuerCertificate' in cert
    return {k: v for k, v in out.items() if v is not None or k in ('pubkeyLength', 'modulusHex')}


def chain(cert):
    out = []
    c = cert
    for _ in range(5):
        if not c:
            break
        subject = c['subject']
        out.append([subject.get('CN', subject.get('O')), c.get('issuerCertificate') is c])
        if c.get('issuerCertificate') is c:
            break
        c = c.get('issuerCertificate')
    return out


def run(key, cert, label):
    done = Event()
    def on_secure(s):
        own = s.getCertificate()
        t.log(label, 'server own certificate', shape(own),
              own['fingerprint256'] == s.getCertificate()['fingerprint256'])
        s.end()
    srv = tls.create_server({'key': key, 'cert': cert}, on_secure)
    srv.listen(0, '127.0.0.1')
    secure_context = tls.create_secure_context({'ca': pem['ca']})

    def secure():
        t.log(label, 'authorized', c.authorized, c.authorizationError)
        t.log(label, 'plain', shape(c.getPeerCertificate()))
        d = c.getPeerCertificate(True)
        t.log(label, 'detailed', shape(d), len(chain(d)), [x[1] for x in chain(d)])
        t.log(label, 'issuer', shape(d['issuerCertificate']))
        ci = c.getCipher()
        t.log(label, 'cipher', ci['name'], ci['standardName'], ci['version'])
        c.end()
    c = tls.connect({'port': srv.address()['port'], 'host': '127.0.0.1',
                     'servername': 'localhost', 'secureContext': secure_context}, secure)
    c.on('data', lambda d: None)
    c.on('error', lambda e: t.log(label, 'error', e.code))
    c.on('close', lambda *a: (srv.close(), done.set()))
    done.wait()


def main():
    run(pem['rsa_key'], pem['rsa_cert'], 'rsa')
    run(pem['key'], pem['cert'], 'ec')
    run(pem['chain_key'], pem['chain_cert'], 'chain')
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
