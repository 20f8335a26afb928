"""Port of Node's test/parallel/test-net-error-twice.js.

Checks that a server writing 10 MB to a client that has just been
destroyed emits exactly one 'error', never the same error twice.
"""

from gevent.event import Event

import gnet

from nodeport import WAIT

BUF = b'b' * (10 * 1024 * 1024)


def test_one_error_only():
    errs = []
    state = {'client': None, 'server': None}
    closed = Event()

    def ready():
        if state['client'] is not None and state['server'] is not None:
            state['client'].destroy()
            state['server'].write(BUF)

    def on_connection(conn):
        def on_error(err):
            errs.append(err)
            assert not (len(errs) > 1 and errs[0] is errs[1]), 'the same error twice'
        conn.on('error', on_error)
        conn.on('close', lambda had_error: closed.set())
        state['server'] = conn
        ready()

    server = gnet.create_server(on_connection)

    def on_listening():
        client = gnet.connect({'port': server.address()['port']})

        def on_connect():
            state['client'] = client
            ready()
        client.on('connect', on_connect)

    server.listen(0, on_listening)
    assert closed.wait(WAIT)
    server.close()
    assert server.wait_closed(WAIT)
    assert len(errs) == 1, errs
    assert errs[0].code in ('ECONNRESET', 'EPIPE')
