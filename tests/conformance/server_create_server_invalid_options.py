# createServer() validates its options: a non-object, or non-number keepAliveInitialDelay / highWaterMark, throw TypeError.
import gnet
from _trace import Trace, attempt
t = Trace()
t.log(attempt(lambda: gnet.create_server('x')))
t.log(attempt(lambda: gnet.create_server(42)))
t.log(attempt(lambda: gnet.create_server({'keepAliveInitialDelay': '1000'})))
t.log(attempt(lambda: gnet.create_server({'highWaterMark': '1024'})))
t.log(attempt(lambda: gnet.create_server({'allowHalfOpen': True}, 'not a function')))
t.log(attempt(lambda: gnet.create_server(None)))
t.log(gnet.create_server({'allowHalfOpen': 'yes'}).allow_half_open, gnet.create_server().allow_half_open)
t.dump()
