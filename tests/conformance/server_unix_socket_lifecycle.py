# listen(path): address() is the path at once, the socket file exists; a client connects by path; close() removes the file.
import os
import shutil
import stat
import tempfile
import gnet
from _trace import Trace
t = Trace()
dir = tempfile.mkdtemp(prefix='gnet-')
file = os.path.join(dir, 's.sock')


def on_connection(socket):
    t.log('connection', socket.remote_address, socket.remote_port)
    socket.end('hi')


server = gnet.create_server(on_connection)
server.listen(file, lambda: t.log('listening event'))
t.log('sync', server.listening, server.address() == file, stat.S_ISSOCK(os.stat(file).st_mode))


def on_listening():
    c = gnet.connect(file)
    c.on('data', lambda d: t.log('client data', d.decode()))

    def closed(*a):
        t.log('closed', os.path.exists(file))
        shutil.rmtree(dir)
    c.on('close', lambda *a: server.close(closed))


server.on('listening', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
