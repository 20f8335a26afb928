"""A failed connect with localAddress and localPort names them in the
message (' - Local (address:port)') and as fields; localPort alone binds
the wildcard address; localAddress alone adds nothing."""
import socket

from _trace import Trace

import gnet

t = Trace()
probe = socket.socket()
probe.bind(('127.0.0.1', 0))
free = probe.getsockname()[1]
probe.close()


def m(s):
    return s.replace(str(free), 'F')


def local(e):
    return getattr(e, 'localAddress', None), getattr(e, 'localPort', None)


c = gnet.connect({'port': 1, 'host': '127.0.0.1', 'localAddress': '127.0.0.1', 'localPort': free})
c.on('connectionAttemptFailed', lambda ip, port, family, e: t.log('failed', ip, port, family, m(str(e))))


def on_error(e):
    t.log('both', e.code, m(str(e)), e.address, e.port, local(e)[0], local(e)[1] == free, e.syscall)
    d = gnet.connect({'port': 1, 'host': '127.0.0.1', 'localPort': free})

    def on_error2(e2):
        t.log('port only', e2.code, m(str(e2)), local(e2)[0], local(e2)[1] == free)
        x = gnet.connect({'port': 1, 'host': '127.0.0.1', 'localAddress': '127.0.0.2'})

        def on_error3(e3):
            t.log('address only', e3.code, str(e3), *local(e3))
            t.dump()
        x.on('error', on_error3)
    d.on('error', on_error2)


c.on('error', on_error)
gnet.run()
