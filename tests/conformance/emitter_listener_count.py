"""listener_count(name) counts every listener; listener_count(name, fn)
counts fn and once-wrappers of fn."""
from _trace import Trace

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()


def f():
    pass


def g():
    pass


def h():
    pass


def counts():
    return [e.listener_count('x'), e.listener_count('x', f), e.listener_count('x', g),
            e.listener_count('x', h), e.listener_count('none'), e.listener_count('none', f)]


t.log('empty', counts())
e.on('x', f)
t.log('one', counts())
e.on('x', g)
e.once('x', f)
e.on('x', f)
t.log('four', counts())
e.emit('x')
t.log('after emit (once gone)', counts())
e.off('x', f)
t.log('after off(f)', counts())
t.dump()
