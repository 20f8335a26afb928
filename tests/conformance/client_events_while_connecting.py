"""While a connect is pending (full accept queue): 'timeout' from the
timeout option and from setTimeout() fires (the socket stays
connecting); an abort of the signal option destroys it with an
AbortError. A socket paused before it connects delivers nothing until
resume(), then its data and 'end'."""
import subprocess
import sys

import gevent
from _trace import Trace, err_info

import gnet

t = Trace()
helper = subprocess.Popen([sys.executable, '_pending_listener.py'], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE)


def abort_info(e):
    return [e.name, e.code, str(e), e.cause]


def set_immediate(fn):
    gevent.spawn(fn)


def timeout_option(port, next_step):
    c = gnet.connect({'port': port, 'host': '127.0.0.1', 'timeout': 30})

    def on_timeout():
        t.log('timeout option', c.readyState, c.connecting, c.timeout)
        c.destroy()
    c.on('timeout', on_timeout)
    c.on('close', lambda had_error: (t.log('close', had_error), next_step()))


def set_timeout_while_connecting(port, next_step):
    c = gnet.connect(port, '127.0.0.1')

    def fired():
        t.log('setTimeout', c.readyState, c.connecting)
        c.setTimeout(0)
        c.destroy(Exception('gave up'))
    c.on('connectionAttempt', lambda *a: c.setTimeout(30, fired))
    c.on('error', lambda e: t.log('error', err_info(e)))
    c.on('close', lambda had_error: (t.log('close', had_error), next_step()))


def abort_while_connecting(port, next_step):
    ac = gnet.AbortController()
    c = gnet.connect({'port': port, 'host': '127.0.0.1', 'signal': ac.signal})
    c.write('x', lambda e: t.log('write cb', err_info(e)))

    def abort():
        ac.abort('stop')
        t.log('after abort', c.destroyed, c.readyState)
    c.on('connectionAttempt', lambda *a: set_immediate(abort))
    c.on('error', lambda e: t.log('abort error', abort_info(e)))
    c.on('close', lambda had_error: (t.log('close', had_error), next_step()))


def abort_when_connected(next_step):
    server = gnet.create_server(lambda s: s.resume())

    def listening():
        ac = gnet.AbortController()

        def connected():
            ac.abort()
            t.log('aborted when connected', c.destroyed)
        c = gnet.connect({'port': server.address()['port'], 'host': '127.0.0.1', 'signal': ac.signal},
                         connected)
        c.on('error', lambda e: t.log('abort error', e.name, e.code, str(e)))
        c.on('close', lambda had_error: (t.log('close', had_error),
                                         server.close(lambda *a: next_step())))
    server.listen(0, '127.0.0.1', listening)


def paused_before_connect(next_step):
    client = []

    def on_connection(s):
        def finished():
            c = client[0]
            t.log('server side finished', c.isPaused(), c.readableFlowing)
            c.resume()
        s.on('finish', lambda: set_immediate(finished))
        s.end('hello')
    server = gnet.create_server(on_connection)

    def listening():
        c = gnet.connect(server.address()['port'], '127.0.0.1')
        client.append(c)
        c.pause()
        c.on('data', lambda d: t.log('data', d.decode()))
        c.on('end', lambda: t.log('end'))
        c.on('connect', lambda: t.log('connect', c.isPaused()))
        c.on('close', lambda had_error: (t.log('close', had_error),
                                         server.close(lambda *a: next_step())))
    server.listen(0, '127.0.0.1', listening)


def done():
    helper.stdin.close()
    helper.wait()
    t.dump()


port = int(helper.stdout.readline())
timeout_option(port, lambda: set_timeout_while_connecting(port, lambda: abort_while_connecting(
    port, lambda: abort_when_connected(lambda: paused_before_connect(done)))))
gnet.run()
