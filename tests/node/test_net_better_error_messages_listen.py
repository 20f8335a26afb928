"""Port of Node's test/parallel/test-net-better-error-messages-listen.js.

Checks that listening on an address this host does not have gives an
'error' carrying ``address``, ``port`` and ``syscall == 'listen'``. Node
uses 1.1.1.1; this port uses 192.0.2.1 (TEST-NET-1, documentation only),
which no host has either; nothing is sent on the network.
"""

import gnet

from nodeport import WAIT, wait_event


def test_listen_error_has_address_port_syscall(calls):
    server = gnet.create_server(calls.must_not_call('connection'))
    failed = wait_event(server, 'error')
    server.listen(1, '192.0.2.1', calls.must_not_call('listen callback'))
    err, = failed.get(timeout=WAIT)
    assert err.address == '192.0.2.1'
    assert err.port == 1
    assert err.syscall == 'listen'
    assert err.code in ('EADDRNOTAVAIL', 'EACCES')
    assert str(err) == 'listen %s: %s 192.0.2.1:1' % (err.code, {
        'EADDRNOTAVAIL': 'address not available', 'EACCES': 'permission denied'}[err.code])
    assert not server.listening
