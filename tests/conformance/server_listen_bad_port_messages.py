# listen() with a bad port throws RangeError ERR_SOCKET_BAD_PORT, named options.port, at once.
import math
import gnet
from _trace import Trace, attempt
t = Trace()
server = gnet.create_server()
cases = [[-1], [65536], [1.5], [math.nan], [math.inf], [''], ['  '], [{'port': 'abc'}], [{'port': -1}],
         [{'port': 70000, 'host': '127.0.0.1'}], [-1, '127.0.0.1']]
for args in cases:
    t.log(attempt(lambda: server.listen(*args)), server.listening)
t.dump()
