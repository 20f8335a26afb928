"""A write the kernel cannot take is queued: write() returns false at the
highWaterMark, writableNeedDrain is set, 'drain' comes once the queue is empty
(between the callbacks of the small and the big write)."""
from _trace import Trace, attempt, err_info

import gnet

t = Trace()
srv = []
cli = []
pending = [3]


def done(*args):
    pending[0] -= 1
    if pending[0] == 0:
        t.log('server', srv)
        t.log('client', cli)
        t.dump()


c = None
big = b'x' * (4 * 1024 * 1024)


def on_connection(s):
    srv.append(['small', s.write('small', lambda e: srv.append(['cb small'])), s.writableLength])
    srv.append(['big', s.write(big, lambda e: srv.append(['cb big'])), s.writableLength > 0, s.writableNeedDrain])
    srv.append(['more', s.write('more', lambda e: srv.append(['cb more']))])
    s.on('drain', lambda: (srv.append(['drain', s.writableLength, s.bytesWritten]), s.end()))
    s.on('close', lambda had_error: (srv.append(['close', had_error]), done()))
    c.resume()


server = gnet.create_server(on_connection)
server.on('close', done)


def on_listening():
    global c
    n = [0]
    c = gnet.connect(server.address()['port'], '127.0.0.1')
    c.pause()
    c.on('data', lambda d: n.__setitem__(0, n[0] + len(d)))
    c.on('end', lambda: cli.append(['end', n[0]]))
    c.on('close', lambda had_error: (cli.append(['close', had_error]), server.close(), done()))


server.listen(0, '127.0.0.1', on_listening)

gnet.run()
