"""'keylog' on the client (line) and the server (line, tlsSocket), one NSS line
each ending in a newline; 'session' events resume a later connection
(isSessionReused); exportKeyingMaterial, getFinished and getPeerFinished
agree across the two ends (the server sends its values to the client)."""
import json
import shutil

import gevent
from _tls_certs import make
from _trace import Trace, err_info
from gevent.event import AsyncResult

import gnet
from gnet import tls

t = Trace()
paths = make()
pem = {k: open(v).read() for k, v in paths.items() if k != 'dir'}


def label(line):
    return line.decode().split(' ')[0]


def on_secure(s):
    s.on('data', lambda d: None)
    s.end(json.dumps({
        'ekm': s.exportKeyingMaterial(32, 'EXPORTER-test', b'ctx').hex(),
        'finished': s.getFinished().hex(),
        'peerFinished': s.getPeerFinished().hex(),
        'reused': s.isSessionReused(),
    }, separators=(',', ':')))


srv = tls.create_server({'key': pem['key'], 'cert': pem['cert']}, on_secure)
server_keylog = []
srv.on('keylog', lambda line, s: server_keylog.append(
    [label(line), line[-1:] == b'\n', isinstance(s, tls.TLSSocket)]))


def connect(version, session=None):
    result = AsyncResult()
    opts = {'port': srv.address()['port'], 'host': '127.0.0.1', 'servername': 'localhost',
            'ca': pem['ca'], 'maxVersion': version}
    if session:
        opts['session'] = session
    c = tls.connect(opts)
    keylog, sessions, mine, received = [], [], {}, []
    c.on('keylog', lambda line: keylog.append([label(line), line[-1:] == b'\n',
                                               isinstance(line, bytes)]))
    c.on('session', sessions.append)

    def secure():
        t.log(version, 'secureConnect', bool(session), c.isSessionReused(), c.getProtocol())
        f, pf = c.getFinished(), c.getPeerFinished()
        mine.update(ekm=c.exportKeyingMaterial(32, 'EXPORTER-test', b'ctx').hex(),
                    finished=f.hex(), peerFinished=pf.hex())
        t.log(version, 'ekm', len(mine['ekm']), len(c.exportKeyingMaterial(16, 'EXPORTER-test')))
        t.log(version, 'finished', isinstance(f, bytes), len(f) > 0, isinstance(pf, bytes),
              f != pf)
        try:
            c.exportKeyingMaterial('x', 'a')
        except Exception as e:  # noqa: BLE001
            t.log(version, 'ekm-bad-length', err_info(e))
        try:
            c.exportKeyingMaterial(8, 5)
        except Exception as e:  # noqa: BLE001
            t.log(version, 'ekm-bad-label', err_info(e))

    def data(d):
        received.append(d)
        got = c.getSession()
        t.log(version, 'getSession', isinstance(got, bytes) and len(got) > 0)

    def end():
        theirs = json.loads(b''.join(received))
        t.log(version, 'cross', theirs['ekm'] == mine['ekm'],
              theirs['finished'] == mine['peerFinished'],
              theirs['peerFinished'] == mine['finished'], theirs['reused'])

    def close(*args):
        t.log(version, 'client keylog', keylog)
        # The count on a resumed TLS 1.3 connection differs (see docs/differences.md).
        t.log(version, 'sessions', None if session else len(sessions),
              all(isinstance(x, bytes) and len(x) > 0 for x in sessions))
        t.log(version, 'getSession after close', c.getSession())
        result.set(sessions[-1] if sessions else None)
    c.on('secureConnect', secure)
    c.on('data', data)
    c.on('end', end)
    c.on('close', close)
    return result.get()


def main():
    srv.listen(0, '127.0.0.1')
    for version in ('TLSv1.3', 'TLSv1.2'):
        session = connect(version)
        connect(version, session)
    t.log('server keylog labels', sorted({x[0] for x in server_keylog}),
          all(x[1] and x[2] for x in server_keylog))
    srv.close()
    shutil.rmtree(paths['dir'])
    t.dump()


gevent.spawn(main)
gnet.run()
