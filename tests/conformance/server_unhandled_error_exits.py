# An 'error' with no listener, or an exception in a server-level listener, ends the process with status 1 (child processes).
import subprocess
import sys
from _trace import Trace, _ROOT
t = Trace()
prelude = "import sys; sys.path.insert(0, %r); import gnet\n" % _ROOT
cases = {
    'no error listener': "a = gnet.create_server(); a.listen(0, '127.0.0.1', lambda: gnet.create_server().listen(a.address()['port'], '127.0.0.1'))",
    'listening listener throws': "s = gnet.create_server()\ndef boom(): raise Exception('boom in listening')\ns.listen(0, '127.0.0.1', boom)",
    'close listener throws': "s = gnet.create_server()\ndef boom(): raise Exception('boom in close')\ns.on('close', boom); s.close()",
}
for name, code in cases.items():
    r = subprocess.run([sys.executable, '-c', prelude + code + '\ngnet.run()\n'], capture_output=True, text=True, timeout=20)
    t.log(name, r.returncode, 'EADDRINUSE' in r.stderr, 'boom' in r.stderr)
t.dump()
