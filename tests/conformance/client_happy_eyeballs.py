"""autoSelectFamily (on by default in Node 20) with a lookup answering
several loopback addresses: the attempt order (families alternate,
starting with the first answer's; each ip once), the events of each
attempt, autoSelectFamilyAttemptedAddresses, the AggregateError when all
fail, and an attempt timeout moving on to the next address."""
import subprocess
import sys

from _trace import Trace

import gnet

t = Trace()


def show(e):
    return [getattr(e, 'name', 'Error'), e.code, str(e), e.syscall, e.address, e.port]


def watch(c, port, events):
    def p(x):
        return 'P' if port and x == port else x

    def m(s):
        return s.replace(str(port), 'P') if port else s
    c.on('lookup', lambda err, ip, family, host: events.append(['lookup', err, ip, family, host]))
    c.on('connectionAttempt', lambda ip, x, family: events.append(['attempt', ip, p(x), family]))
    c.on('connectionAttemptFailed', lambda ip, x, family, e: events.append(
        ['failed', ip, p(x), family, e.code, m(str(e))]))
    c.on('connectionAttemptTimeout', lambda ip, x, family: events.append(['timeout', ip, p(x), family]))
    c.on('connect', lambda: events.append(['connect', c.remoteAddress, c.remoteFamily,
                                           [m(a) for a in c.autoSelectFamilyAttemptedAddresses or []]]))
    c.on('ready', lambda: events.append(['ready']))
    c.on('error', lambda e: events.append(['error', getattr(e, 'name', 'Error'), e.code, str(e),
                                           [show(x) for x in getattr(e, 'errors', [])],
                                           c.autoSelectFamilyAttemptedAddresses]))


def lookup_of(addresses):
    def lookup(host, opts, cb):
        t.log('lookup options', opts.get('family'), opts.get('hints'), opts.get('all'))
        cb(None, addresses)
    return lookup


t.log('defaults', gnet.getDefaultAutoSelectFamily(), gnet.getDefaultAutoSelectFamilyAttemptTimeout())


def dual_stack(next_step):
    # ::1 first, server on 127.0.0.1 only: ::1 is refused, 127.0.0.1 connects.
    server = gnet.create_server(lambda s: s.end())

    def listening():
        port = server.address()['port']
        events = []
        c = gnet.connect({'port': port, 'host': 'dual.test', 'lookup': lookup_of(
            [{'address': '::1', 'family': 6}, {'address': '127.0.0.1', 'family': 4}])})
        watch(c, port, events)
        c.resume()

        def on_close(had_error):
            events.append(['close', had_error])
            t.log('dual stack', events)
            server.close(lambda *a: next_step())
        c.on('close', on_close)
    server.listen(0, '127.0.0.1', listening)


def all_fail(next_step):
    events = []
    c = gnet.connect({'port': 1, 'host': 'none.test', 'lookup': lookup_of([
        {'address': '::1', 'family': 6}, {'address': '::ffff:127.0.0.2', 'family': 6},
        {'address': '127.0.0.1', 'family': 4}, {'address': '::1', 'family': 6},
        {'address': '127.0.0.3', 'family': 4}, {'address': 'bogus', 'family': 4},
        {'address': '127.0.0.4', 'family': 5}])})
    watch(c, None, events)

    def on_close(had_error):
        events.append(['close', had_error])
        t.log('all fail', events)
        next_step()
    c.on('close', on_close)


def attempt_timeout(next_step):
    # 127.0.0.1:P never answers (full accept queue); ::1:P accepts.
    helper = subprocess.Popen([sys.executable, '_pending_listener.py'], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    port = int(helper.stdout.readline())
    server = gnet.create_server(lambda s: s.end())

    def listening():
        events = []
        c = gnet.connect({'port': port, 'host': 'slow.test', 'autoSelectFamilyAttemptTimeout': 50,
                          'lookup': lookup_of([{'address': '127.0.0.1', 'family': 4},
                                               {'address': '::1', 'family': 6}])})
        watch(c, port, events)
        c.resume()

        def on_close(had_error):
            events.append(['close', had_error])
            t.log('attempt timeout', events)
            helper.stdin.close()
            helper.wait()
            server.close(lambda *a: next_step())
        c.on('close', on_close)
    server.listen({'port': port, 'host': '::1', 'ipv6Only': True}, listening)


def single(next_step):
    # One usable address: a plain connect (no attempted addresses list).
    events = []
    c = gnet.connect({'port': 1, 'host': 'one.test', 'lookup': lookup_of(
        [{'address': '127.0.0.1', 'family': 4}, {'address': '127.0.0.1', 'family': 4}])})
    watch(c, None, events)

    def on_close(had_error):
        events.append(['close', had_error])
        t.log('single', events)
        next_step()
    c.on('close', on_close)


def off(next_step):
    # autoSelectFamily: false asks for one address.
    events = []

    def lookup(host, opts, cb):
        t.log('lookup options', opts.get('family'), opts.get('hints'), opts.get('all'))
        cb(None, '127.0.0.1', 4)
    c = gnet.connect({'port': 1, 'host': 'off.test', 'autoSelectFamily': False, 'lookup': lookup})
    watch(c, None, events)

    def on_close(had_error):
        events.append(['close', had_error])
        t.log('off', events)
        next_step()
    c.on('close', on_close)


dual_stack(lambda: all_fail(lambda: attempt_timeout(lambda: single(lambda: off(t.dump)))))
gnet.run()
