# A second listen() on a listening server throws ERR_SERVER_ALREADY_LISTEN before registering its callback.
import gnet
from _trace import Trace, attempt
t = Trace()
server = gnet.create_server()


def on_listening():
    t.log('listening', server.listener_count('listening'))
    t.log(attempt(lambda: server.listen(0, '127.0.0.1', lambda: t.log('never'))))
    t.log(attempt(lambda: server.listen({'path': 'never.sock'})))
    t.log('listeners', server.listener_count('listening'))

    def again():
        t.log('listening again')
        server.close()

    server.close(lambda *err: t.log('closed; listen again', attempt(lambda: server.listen(0, '127.0.0.1', again))))


server.listen(0, '127.0.0.1', on_listening)
t.log('loop empty', gnet.run(10))
t.dump()
