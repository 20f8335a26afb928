# ref()/unref() decide whether a listening server keeps the process alive (child processes; "running" = still alive 1.5 s after set-up, then killed).
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
# Each child prints "ready" once set up; one that should stay is watched for 1.5 s after all are
# ready, one that should exit gets up to 20 s (the machine may be busy).
expect_running = {'ref (default)', 'unref then ref', 'unref, open connection'}
children = {name: subprocess.Popen([sys.executable, '-c', prelude + code + "\nprint('ready', flush=True)\ngnet.run()\n"],
                                   stdout=subprocess.PIPE, text=True)
            for name, code in cases.items()}
before = {}
for name, child in children.items():
    lines = []
    for line in iter(child.stdout.readline, ''):
        if line == 'ready\n':
            break
        lines.append(line.strip())
    before[name] = lines
watched_until = time.monotonic() + 1.5
exit_deadline = time.monotonic() + 20
for name, child in children.items():
    if name in expect_running:
        time.sleep(max(0, watched_until - time.monotonic()))  # watching, not synchronising
    else:
        try:
            child.wait(max(0.01, exit_deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    alive = child.poll() is None
    child.kill()
    out = child.stdout.read()
    child.wait()
    state = 'running' if alive else 'exited %d' % child.returncode
    t.log(name, state, before[name] + [line for line in out.strip().split('\n') if line])
t.dump()
