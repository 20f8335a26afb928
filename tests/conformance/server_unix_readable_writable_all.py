# readableAll / writableAll OR 0444 / 0222 into the socket file's mode (umask 022); abstract names refuse them.
import os
import shutil
import tempfile
import gnet
from _trace import Trace, attempt
t = Trace()
os.umask(0o022)
dir = tempfile.mkdtemp(prefix='gnet-')
cases = [{}, {'readableAll': True}, {'writableAll': True}, {'readableAll': True, 'writableAll': True}]
for i, opts in enumerate(cases):
    server = gnet.create_server()
    file = os.path.join(dir, 'm%d.sock' % i)
    server.listen({'path': file, **opts})
    t.log(opts, '%o' % (os.stat(file).st_mode & 0o777))
    server.close()
t.log(attempt(lambda: gnet.create_server().listen({'path': '\0gnet-abstract', 'writableAll': True}))['threw']['code'])
shutil.rmtree(dir)
t.dump()
