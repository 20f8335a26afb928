"""The lookup option's answers: an error (emitted as 'lookup' then 'error'),
an invalid IP, an invalid family, an answer that comes later, and the
system resolver for 'localhost' with autoSelectFamily (all: true)."""
import gevent
from _trace import Trace, err_info

import gnet

t = Trace()
server = gnet.create_server(lambda s: s.end())


def later(fn, *args):
    gevent.spawn_later(0.005, fn, *args)


def failing(h, o, cb):
    e = OSError('resolver down')
    e.code = 'EAI_FAIL'
    later(cb, e)


cases = [
    ['error', failing],
    ['invalid ip', lambda h, o, cb: later(cb, None, '1.2.3', 4)],
    ['invalid family', lambda h, o, cb: later(cb, None, '127.0.0.1', 5)],
    ['later', lambda h, o, cb: later(cb, None, '127.0.0.1', 4)],
    ['list later', lambda h, o, cb: later(cb, None, [{'address': '127.0.0.1', 'family': 4}])],
    ['list of invalid', lambda h, o, cb: later(cb, None, [{'address': 'x', 'family': 4},
                                                           {'address': '127.0.0.1', 'family': 7}])],
    ['list, bad family first', lambda h, o, cb: later(cb, None, [{'address': '127.0.0.1', 'family': 7}])],
    ['system resolver', None],
]


def run(index, port):
    if index == len(cases):
        server.close(lambda *a: t.dump())
        return
    label, lookup = cases[index]
    events = []
    options = {'port': port, 'host': 'localhost' if label == 'system resolver' else 'name.test'}
    if lookup:
        options['lookup'] = lookup
    if label in ('error', 'later') or label.startswith('invalid'):
        options['family'] = 4
    c = gnet.connect(options)
    c.on('lookup', lambda err, ip, family, host: events.append(
        ['lookup', getattr(err, 'code', None), ip, family, host]))
    c.on('connect', lambda: events.append(['connect', c.remoteAddress]))

    def on_error(e):
        info = err_info(e)
        info['message'] = info['message'].replace(str(port), 'P')
        events.append(['error', info])
    c.on('error', on_error)

    def on_close(had_error):
        events.append(['close', had_error])
        t.log(label, events)
        run(index + 1, port)
    c.on('close', on_close)
    c.resume()


server.listen(0, '127.0.0.1', lambda: run(0, server.address()['port']))
gnet.run()
