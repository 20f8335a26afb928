"""A pipe pauses its source when the destination's write() returns false and
resumes it on the destination's 'drain'; the source's 'end' ends the
destination ('finish' unpipes it) and every byte arrives, in order."""
import hashlib
import struct

from _trace import Trace

import gnet

t = Trace()
SIZE = 4 * 1024 * 1024
payload = struct.pack('<%dI' % (SIZE // 4), *range(0, SIZE, 4))


def digest(b):
    return hashlib.sha256(b).hexdigest()


pending = [3]


def done(*_):
    pending[0] -= 1
    if pending[0] == 0:
        sink_server.close()
        src_server.close()
        t.dump()


sink = []


dest_holder = []


def on_sink(s):
    sink.append(s)
    c = gnet.connect(src_server.address()['port'], '127.0.0.1', lambda: c.end(payload))
    c.on('close', done)
    chunks = []
    s.on('data', chunks.append)

    def on_end():
        data = b''.join(chunks)
        t.log('sink end', len(data), digest(data) == digest(payload))
        done()
    s.on('end', on_end)


sink_server = gnet.create_server({'pauseOnConnect': True}, on_sink)


def on_src(src):
    dest = dest_holder[0]
    dest.on('pipe', lambda s: t.log('pipe', s is src))
    dest.on('unpipe', lambda s: t.log('unpipe', s is src, dest.writable_finished))
    t.log('pipe returns dest', src.pipe(dest) is dest)
    paused = []

    def on_data(_):
        if not paused and dest.writable_need_drain:
            paused.append(True)
            t.log('dest full: src paused', src.is_paused(), src.readable_flowing)
            dest.once('drain', lambda: t.log('drain: src resumed', src.is_paused(),
                                             src.readable_flowing))
            sink[0].resume()
    src.on('data', on_data)
    src.on('end', lambda: t.log('src end: dest ended', dest.writable_ended))
    dest.on('finish', lambda: t.log('dest finish'))
    dest.on('close', done)


src_server = gnet.create_server(on_src)


def start():
    dest_holder.append(gnet.connect(sink_server.address()['port'], '127.0.0.1'))


sink_server.listen(0, '127.0.0.1', lambda: src_server.listen(0, '127.0.0.1', start))
gnet.run()
