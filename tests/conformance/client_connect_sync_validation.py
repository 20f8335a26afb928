"""Bad connect() options throw synchronously with Node's code and message,
in Node's order; what Node checks later (or not at all) does not throw."""
from _trace import Trace, attempt

import gnet

t = Trace()
H = '127.0.0.1'
cases = [
    ['localAddress', {'port': 1, 'host': H, 'localAddress': 'foobar'}],
    ['localAddress number', {'port': 1, 'host': H, 'localAddress': 5}],
    ['localAddress empty', {'port': 1, 'host': H, 'localAddress': ''}],
    ['localPort string', {'port': 1, 'host': H, 'localPort': 'foobar'}],
    ['localPort numeric string', {'port': 1, 'host': H, 'localPort': '80'}],
    ['localPort 0', {'port': 1, 'host': H, 'localPort': 0}],
    ['port bool', {'port': True, 'host': H}],
    ['port object', {'port': {}, 'host': H}],
    ['port missing', {'host': H}],
    ['port abc', {'port': 'abc', 'host': H}],
    ['port -1', {'port': -1, 'host': H}],
    ['port and localAddress', {'port': -1, 'host': H, 'localAddress': 'x'}],
    ['autoSelectFamily', {'port': 1, 'host': H, 'autoSelectFamily': 1}],
    ['attempt timeout string', {'port': 1, 'host': H, 'autoSelectFamilyAttemptTimeout': 'x'}],
    ['attempt timeout 0', {'port': 1, 'host': H, 'autoSelectFamilyAttemptTimeout': 0}],
    ['attempt timeout 1.5', {'port': 1, 'host': H, 'autoSelectFamilyAttemptTimeout': 1.5}],
    ['attempt timeout 1', {'port': 1, 'host': H, 'autoSelectFamilyAttemptTimeout': 1}],
    ['lookup with ip host', {'port': 1, 'host': H, 'lookup': 5}],
    ['lookup with name', {'port': 1, 'host': 'localhost', 'lookup': 5}],
    ['family with ip host', {'port': 1, 'host': H, 'family': 5}],
    ['family with name', {'port': 1, 'host': 'localhost', 'family': 5}],
    ['family IPv6 name', {'port': 1, 'host': 'localhost', 'family': 'IPv6'}],
    ['family x', {'port': 1, 'host': 'localhost', 'family': 'x'}],
    ['family with custom lookup', {'port': 1, 'host': 'localhost', 'family': 'x',
                                   'lookup': lambda *a: None}],
    ['hints string', {'port': 1, 'host': 'localhost', 'hints': 'x'}],
    ['hints bad bits', {'port': 1, 'host': 'localhost', 'hints': 12345}],
    ['hints and family', {'port': 1, 'host': 'localhost', 'hints': 12345, 'family': 'x'}],
    ['hints with ip host', {'port': 1, 'host': H, 'hints': 'x'}],
    ['host number', {'port': 1, 'host': 5}],
    ['path number', {'path': 5}],
    ['timeout string', {'port': 1, 'host': H, 'timeout': 'x'}],
    ['timeout -1', {'port': 1, 'host': H, 'timeout': -1}],
    ['keepAliveInitialDelay', {'port': 1, 'host': H, 'keepAliveInitialDelay': 'x'}],
    ['signal number', {'port': 1, 'host': H, 'signal': 5}],
    ['signal object', {'port': 1, 'host': H, 'signal': {}}],
    ['objectMode', {'port': 1, 'host': H, 'objectMode': True}],
    ['readableObjectMode', {'port': 1, 'host': H, 'readableObjectMode': True}],
    ['onread not an object', {'port': 1, 'host': H, 'onread': 5}],
    ['fd string', {'fd': 'x', 'port': 1}],
    ['fd not open', {'fd': 99999}],
    ['fd -1', {'fd': -1}],
    ['fd 99999.0', {'fd': 99999.0}],
    ['family list', {'port': 1, 'host': 'localhost', 'family': []}],
    ['highWaterMark Infinity', {'port': 1, 'host': H, 'highWaterMark': float('inf')}],
    ['highWaterMark NaN', {'port': 1, 'host': H, 'highWaterMark': float('nan')}],
]


def connect_and_destroy(options):
    s = gnet.connect(options)
    s.on('error', lambda *a: None)
    s.destroy()


for label, options in cases:
    t.log(label, attempt(connect_and_destroy, options))
t.log('connect()', attempt(gnet.connect))
t.log('connect(port, number)', attempt(lambda: gnet.connect(1, 5).on('error', lambda *a: None).destroy()))
t.log('Socket().connect({})', attempt(lambda: gnet.Socket().connect({})))
t.dump()
