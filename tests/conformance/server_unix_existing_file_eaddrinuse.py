# listen(path) on an existing regular file: 'error' EADDRINUSE with address = path and port -1; the file is never unlinked.
import os
import shutil
import tempfile
import gnet
from _trace import Trace
t = Trace()
dir = tempfile.mkdtemp(prefix='gnet-')
file = os.path.join(dir, 'taken')
with open(file, 'w') as f:
    f.write('keep me')
server = gnet.create_server()


def on_error(e):
    t.log('error', e.code, e.syscall, e.address == file, e.port, str(e).replace(file, 'PATH'), server.listening)

    def on_close(err):
        with open(file) as f:
            t.log('close cb', err.code, f.read())
        shutil.rmtree(dir)
    server.close(on_close)


server.on('error', on_error)
server.listen(file)
t.log('sync', server.listening)
t.log('loop empty', gnet.run(10))
t.dump()
