# differs: 2
# address() is None after close() for a Unix socket too, as the docs say (Node 20 keeps returning the path).
import os
import shutil
import tempfile
import gnet
from _trace import Trace
t = Trace()
dir = tempfile.mkdtemp(prefix='gnet-')
file = os.path.join(dir, 's.sock')
server = gnet.create_server()


def on_listening():
    t.log('listening', server.address() == file)

    def closed(*err):
        t.log('closed', server.address(), server.listening)
        shutil.rmtree(dir)
    server.close(closed)
    t.log('after close()', server.address())


server.listen(file, on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
