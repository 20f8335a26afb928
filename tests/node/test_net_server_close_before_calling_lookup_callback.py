"""Port of Node's test/parallel/test-net-server-close-before-calling-lookup-callback.js.

Checks that ``listen(0, 'localhost', cb)`` followed at once by ``close()``
never emits 'listening' and leaves nothing behind: ``gnet.run()`` returns
(Node: the process exits).
"""

from nodeport import run_python

SCRIPT = '''
import gnet
server = gnet.create_server()
def never():
    raise SystemExit('listening was emitted')
server.listen(0, 'localhost', never).close()
emptied = gnet.run(10)
print('emptied' if emptied else 'timed out', server.listening, server.address())
'''


def test_close_during_lookup_leaves_nothing_behind():
    code, out, err = run_python(SCRIPT)
    assert code == 0, err
    assert out.split() == ['emptied', 'False', 'None'], (out, err)
