"""A failed connect with localAddress and localPort names them in the
message (' - Local (address:port)') and as fields; localPort alone binds
the wildcard address; localAddress alone adds nothing; a local address of
the other family fails the bind with EINVAL."""
import socket

from _trace import Trace

import gnet

t = Trace()


def from_free_port(options, tries, done):
    # Connect from a free local port; the port may be taken meanwhile by
    # another test's socket: a fresh one then, up to three times.
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    c = gnet.connect(dict(options, localPort=port))
    events = []
    c.on('connectionAttemptFailed', lambda ip, p, family, e: events.append(
        ['failed', ip, p, family, str(e).replace(str(port), 'F')]))
    c.on('error', lambda e: from_free_port(options, tries - 1, done)
         if e.code == 'EADDRINUSE' and tries > 1 else done(e, port, events))


def local(e):
    return getattr(e, 'localAddress', None), getattr(e, 'localPort', None)


target = {'port': 1, 'host': '127.0.0.1'}


def both(e, free, events):
    t.log('both', events, e.code, str(e).replace(str(free), 'F'), e.address, e.port, local(e)[0],
          local(e)[1] == free, e.syscall)
    from_free_port(target, 3, port_only)


def port_only(e2, port, _events):
    t.log('port only', e2.code, str(e2).replace(str(port), 'F'), local(e2)[0], local(e2)[1] == port)
    x = gnet.connect({'port': 1, 'host': '127.0.0.1', 'localAddress': '127.0.0.2'})

    def on_error3(e3):
        t.log('address only', e3.code, str(e3), *local(e3))
        y = gnet.connect({'port': 1, 'host': '127.0.0.1', 'localAddress': '::1'})

        def on_error4(e4):
            t.log('other family', e4.code, str(e4), e4.syscall, e4.address, e4.port)
            z = gnet.connect({'port': 1, 'host': '::1', 'localAddress': '127.0.0.1'})

            def on_error5(e5):
                t.log('other family', e5.code, str(e5), e5.syscall, e5.address, e5.port)
                t.dump()
            z.on('error', on_error5)
        y.on('error', on_error4)
    x.on('error', on_error3)


from_free_port(dict(target, localAddress='127.0.0.1'), 3, both)
gnet.run()
