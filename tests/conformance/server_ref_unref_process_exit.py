# ref()/unref() decide whether a listening server keeps the process alive (child processes; "running" = still alive after 2.5 s, then killed).
import subprocess
import sys
import time
from _trace import Trace, _ROOT
t = Trace()
prelude = "import sys; sys.path.insert(0, %r); import gnet; s = gnet.create_server()\n" % _ROOT
listening = "lambda: print('listening', flush=True)"
cases = {
    'ref (default)': "s.listen(0, '127.0.0.1', %s)" % listening,
    'unref after listen': "s.listen(0, '127.0.0.1', %s); s.unref()" % listening,
    'unref before listen': "print(str(s.unref() is s).lower(), flush=True); s.listen(0, '127.0.0.1', %s)" % listening,
    'unref then ref': "s.listen(0, '127.0.0.1'); s.unref(); print(str(s.ref() is s).lower(), flush=True)",
    'unref in listening': "s.listen(0, '127.0.0.1', lambda: (s.unref(), print('listening', flush=True)))",
    'unref, open connection': "s.unref(); s.on('connection', lambda x: print('connection', flush=True)); "
                              "s.listen(0, '127.0.0.1', lambda: gnet.connect(s.address()['port'], '127.0.0.1').unref())",
    'unref, connection ends': "s.unref(); s.on('connection', lambda x: (print('connection', flush=True), x.end())); "
                              "s.listen(0, '127.0.0.1', lambda: (lambda c: c.on('end', lambda: c.end()))"
                              "(gnet.connect(s.address()['port'], '127.0.0.1')))",
}
children = {name: subprocess.Popen([sys.executable, '-c', prelude + code + '\ngnet.run()\n'],
                                   stdout=subprocess.PIPE, text=True)
            for name, code in cases.items()}
deadline = time.monotonic() + 2.5
for name, child in children.items():
    try:
        out, _ = child.communicate(timeout=max(0.01, deadline - time.monotonic()))
        state = 'exited %d' % child.returncode
    except subprocess.TimeoutExpired:
        child.kill()
        out, _ = child.communicate()
        state = 'running'
    t.log(name, state, out.strip().split('\n'))
t.dump()
