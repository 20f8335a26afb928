"""destroy(), destroy(err), end(), destroySoon() and resetAndDestroy() at
each stage of a connect: right after connect() (IP host), during a
lookup (the lookup answers just after), and during a pending connect (the
peer's accept queue is full: there the socket is destroyed a turn later,
as nothing else happens). Every case ends with 'close'."""
import subprocess
import sys

import gevent
from _trace import Trace

import gnet

t = Trace()
helper = subprocess.Popen([sys.executable, '_pending_listener.py'], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE)


def on_connection(s):
    s.on('error', lambda *a: None)
    s.resume()


server = gnet.create_server(on_connection)
actions = {
    'destroy': lambda c: c.destroy(),
    'destroy(err)': lambda c: c.destroy(Exception('boom')),
    'end': lambda c: c.end(),
    'destroySoon': lambda c: c.destroySoon(),
    'resetAndDestroy': lambda c: c.resetAndDestroy(),
}
cases = [(stage, action) for stage in ('sync', 'lookup', 'connect') for action in actions]


def set_immediate(fn):
    gevent.spawn(fn)


def run_case(index, ports):
    if index == len(cases):
        helper.stdin.close()
        helper.wait()
        server.close()
        t.dump()
        return
    stage, action = cases[index]
    events = []
    answer = []
    options = {'port': ports['pending'] if stage == 'connect' else ports['open'], 'host': '127.0.0.1'}
    if stage == 'lookup':
        options.update(host='name.test', family=4, lookup=lambda host, opts, cb: answer.append(cb))
    c = gnet.connect(options)

    def state():
        return [c.readyState, c.connecting, c.destroyed, c.pending]
    for name in ('lookup', 'connectionAttempt', 'connect', 'ready', 'end', 'finish'):
        c.on(name, lambda *a, name=name: events.append(name))
    c.on('error', lambda e: events.append(['error', getattr(e, 'code', None) or str(e)]))

    def on_close(had_error):
        events.append(['close', had_error])
        t.log(stage, action, events)
        run_case(index + 1, ports)
    c.on('close', on_close)

    def act():
        actions[action](c)
        events.append(['after ' + action] + state())

        if answer:
            answer[0](None, '127.0.0.1', 4)
        if stage == 'connect':
            def later():
                events.append(['later'] + state())
                c.destroy()
            set_immediate(later)
    if stage == 'connect':
        c.once('connectionAttempt', lambda *a: set_immediate(act))
    else:
        act()


pending = int(helper.stdout.readline())
server.listen(0, '127.0.0.1', lambda: run_case(0, {'pending': pending, 'open': server.address()['port']}))
gnet.run()
