"""setEncoding() with an unknown name throws ERR_UNKNOWN_ENCODING (a TypeError)
at once; a known name returns the socket."""
from _trace import Trace, attempt

import gnet

t = Trace()
s = gnet.Socket()
t.log('unknown', attempt(lambda: s.setEncoding('bogus')))
t.log('known returns the socket', s.setEncoding('latin1') is s)
t.dump()
