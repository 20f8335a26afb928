"""Port of Node's test/parallel/test-net-server-unref.js.

Checks that a listening server after ``unref()`` does not keep
``gnet.run()`` from returning (Node: the process exits).
"""

from nodeport import run_python

SCRIPT = '''
import gnet
server = gnet.create_server()
server.listen(0)
assert server.unref() is server
print('emptied' if gnet.run(10) else 'hung', server.listening)
'''


def test_unrefd_server_lets_run_return():
    code, out, err = run_python(SCRIPT)
    assert code == 0, err
    assert out.split() == ['emptied', 'True'], (out, err)


def test_refd_server_keeps_run_waiting():
    code, out, err = run_python(SCRIPT.replace('assert server.unref() is server',
                                               'server.unref().ref()').replace('10', '0.5'))
    assert code == 0, err
    assert out.split() == ['hung', 'True'], (out, err)
