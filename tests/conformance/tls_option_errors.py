"""Bad values of the TLS options both Node and gnet honour: the same error
class, code and message, thrown synchronously at createSecureContext /
createServer / connect time."""
import gevent
from _trace import Trace, attempt

import gnet
from gnet import tls

t = Trace()
cases = [
    ('sessionTimeout', 'x'), ('sessionTimeout', -1), ('sessionTimeout', 1.5),
    ('ticketKeys', 'x'), ('ticketKeys', bytes(10)),
    ('sessionIdContext', 5), ('ecdhCurve', 5), ('ecdhCurve', 'bogus'),
    ('sigalgs', 5), ('ciphers', 5), ('ciphers', 'bogus'), ('ciphers', 'TLS_BOGUS'),
    ('crl', 'bogus'), ('secureOptions', 'x'), ('minVersion', 'TLSv9'), ('maxVersion', 'SSLv3'),
]


def main():
    for name, value in cases:
        t.log('createSecureContext', name,
              attempt(lambda: tls.create_secure_context({name: value})))
    for name, value in (('ecdhCurve', 'bogus'), ('ticketKeys', bytes(47))):
        t.log('createServer', name, attempt(lambda: tls.create_server({name: value})))
    t.log('ALPNCallback with ALPNProtocols', attempt(lambda: tls.create_server(
        {'ALPNCallback': lambda info: 'a', 'ALPNProtocols': ['a']})))
    t.log('connect session', attempt(lambda: tls.connect(
        {'port': 1, 'host': '127.0.0.1', 'session': 'x'})))
    t.log('connect secureContext', attempt(lambda: tls.connect(
        {'port': 1, 'host': '127.0.0.1', 'secureContext': {}})))
    t.log('defaults', tls.DEFAULT_CIPHERS, tls.DEFAULT_ECDH_CURVE, tls.DEFAULT_MIN_VERSION,
          tls.DEFAULT_MAX_VERSION)
    t.dump()


gevent.spawn(main)
gnet.run()
