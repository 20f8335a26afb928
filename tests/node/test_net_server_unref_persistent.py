"""Port of Node's test/parallel/test-net-server-unref-persistent.js.

Checks that ``unref()`` called before ``listen()`` still takes effect:
``gnet.run()`` returns while the server listens.
"""

from nodeport import run_python

SCRIPT = '''
import gnet
server = gnet.create_server()
server.unref()
server.listen(0)
print('emptied' if gnet.run(10) else 'hung', server.listening)
'''


def test_unref_before_listen_persists():
    code, out, err = run_python(SCRIPT)
    assert code == 0, err
    assert out.split() == ['emptied', 'True'], (out, err)
