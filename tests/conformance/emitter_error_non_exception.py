"""emit('error', value) with no listener and a value that is not an
exception raises ERR_UNHANDLED_ERROR, the value shown in the message and
kept as err.context."""
from _trace import Trace, err_info

from gnet.emitter import EventEmitter

t = Trace()
e = EventEmitter()
values = [('boom', 'boom'), ('dict', {'a': 1, 'b': 'x'}), ('nothing', None),
          ('number', 42), ('float', 1.5), ('list', [1, 'a']), ('bool', True)]
for label, value in values:
    try:
        e.emit('error', value)
        t.log(label, 'did not throw')
    except Exception as x:
        t.log(label, err_info(x), x.context)
try:
    e.emit('error')
except Exception as x:
    t.log('no argument', err_info(x), x.context)
t.dump()
