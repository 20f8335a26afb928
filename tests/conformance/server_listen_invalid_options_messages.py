# listen() forms Node rejects with TypeError ERR_INVALID_ARG_VALUE / ERR_INVALID_ARG_TYPE, and their messages.
import gnet
from _trace import Trace, attempt
t = Trace()
server = gnet.create_server()
cases = [[True], [{}], [{'host': '127.0.0.1'}], [{'port': True}], [{'path': 123}], [{'path': ''}],
         [{'path': '123'}], [{'fd': -1}], [{'fd': 'x'}], [{'port': 0, 'signal': 'x'}], [{'port': 0, 'host': 123}],
         [{'backlog': 5}], [{'path': '\0gnet-x', 'readableAll': True}]]
for args in cases:
    t.log(attempt(lambda: server.listen(*args)), server.listening)
t.dump()
