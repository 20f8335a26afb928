"""A listener or callback declaring fewer parameters than its event passes
gets the first ones: 'close' without hadError, write/end callbacks without
err, server.close() and listen() callbacks, once/prepend, custom events;
listeners() still gives the user's functions."""
from _trace import Trace

import gnet
from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def none():
    t.log('none')


def one(a):
    t.log('one', a)


e.on('x', none)
e.once('x', one)
e.prepend_listener('x', lambda a, b: t.log('two', a, b))
e.emit('x', 1, 2, 3)
e.emit('x', 4, 5, 6)
t.log('listeners', len(e.listeners('x')), e.listeners('x')[1] is none)
e.off('x', none)
t.log('after off', e.listener_count('x'))


srv = []
cli = []
pending = [2]


def done():
    pending[0] -= 1
    if pending[0] == 0:
        t.log('server', srv)
        t.log('client', cli)
        t.dump()


def on_connection(s):
    s.write('hi', lambda: srv.append('write cb'))
    s.end(lambda: srv.append('end cb'))
    s.on('close', lambda: srv.append('socket close'))
    server.close(lambda: (srv.append('server close cb'), done()))


server = gnet.create_server(on_connection)


def on_listening():
    t.log('listen cb')
    c = gnet.connect(server.address()['port'], '127.0.0.1', lambda: cli.append('connect cb'))
    c.on('data', lambda: cli.append('data'))
    c.on('end', lambda: cli.append('end'))
    c.on('close', lambda: (cli.append('close'), done()))


server.listen(0, '127.0.0.1', on_listening)
gnet.run()
