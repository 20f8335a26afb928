"""Shared by the stream_write_* scenarios (the twin of _write_lifecycle.js):
run body(s, t, ei, client) in the connection listener of a server whose
client never reads; the server socket's 'error', 'finish' and 'close' are
logged, and the trace is dumped a loop turn after its 'close'."""
from _trace import Trace, err_info

import gevent

import gnet


def ei(e):
    return err_info(e) if e is not None else None


def run(body):
    t = Trace()
    client = []

    def on_connection(s):
        s.on('error', lambda e: t.log('error', ei(e)))
        s.on('finish', lambda: t.log('finish'))

        def on_close(had_error):
            t.log('close', had_error, s.closed, ei(s.errored))
            client[0].destroy()
            server.close()
            gevent.get_hub().loop.run_callback(t.dump)
        s.on('close', on_close)
        body(s, t, ei, client[0])
        t.log('sync done')

    server = gnet.create_server(on_connection)

    def on_listening():
        c = gnet.connect(server.address()['port'], '127.0.0.1')
        c.pause()
        c.on('error', lambda e: None)
        client.append(c)

    server.listen(0, '127.0.0.1', on_listening)
    gnet.run()
