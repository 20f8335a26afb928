"""An external session cache on a TLS 1.2 server without tickets:
'newSession'(id, data, callback) stores, 'resumeSession'(id, callback)
finds the session the client offers again; both ends see the resumption."""
import shutil
import ssl

import gevent
from _tls_certs import make
from _trace import Trace
from gevent.event import AsyncResult

import gnet
from gnet import tls

t = Trace()
paths = make()
pem = {k: open(v).read() for k, v in paths.items() if k != 'dir'}
store = {}
server = []


def on_secure(s):
    server.append(['secureConnection', s.isSessionReused()])
    s.end('x')


srv = tls.create_server({'key': pem['key'], 'cert': pem['cert'], 'maxVersion': 'TLSv1.2',
                         'secureOptions': ssl.OP_NO_TICKET}, on_secure)


def new_session(sid, data, cb):
    server.append(['newSession', len(sid), isinstance(data, bytes) and len(data) > 0,
                   'function' if callable(cb) else type(cb).__name__])
    store[sid.hex()] = data
    cb()


def resume_session(sid, cb):
    server.append(['resumeSession', len(sid), sid.hex() in store])
    cb(None, store.get(sid.hex()))


srv.on('newSession', new_session)
srv.on('resumeSession', resume_session)


def go(name, session=None):
    result = AsyncResult()
    client = []
    saved = []
    c = tls.connect({'port': srv.address()['port'], 'host': '127.0.0.1',
                     'servername': 'localhost', 'ca': pem['ca'], 'session': session})
    c.on('session', lambda s: (saved.append(s), client.append('session')))
    c.on('secureConnect', lambda: client.append(['secureConnect', c.isSessionReused()]))
    c.on('data', lambda d: None)

    def closed(*args):
        # The server's events all came before its FIN, so before this 'close'.
        t.log(name, 'client', client)
        t.log(name, 'server', server[:])
        del server[:]
        result.set(saved[-1] if saved else None)
    c.on('close', closed)
    return result.get()


def main():
    srv.listen(0, '127.0.0.1')
    session = go('first')
    go('again', session)
    srv.close()
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
