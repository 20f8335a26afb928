"""``gnet.Socket``: one connection, in Node's event style and Python's blocking style.

The package has Node's (and uvloop's) shape; see ``docs/architecture.md``:

- :mod:`gnet.socket.readable` — the driver greenlet and the read path:
  flowing/paused, read-ahead, 'data'/'end', decoding (Node's Readable).
- :mod:`gnet.socket.paused` — Node's paused-readable mode: 'readable',
  ``read([size])``, ``unshift()`` (a base of the readable half).
- :mod:`gnet.socket.pipe` — ``pipe()``/``unpipe()`` between sockets (Node's
  ``Readable.prototype.pipe``), used by the readable half.
- :mod:`gnet.socket.writable` — the write queue, flush, 'drain',
  end()/'finish', write callbacks (Node's Writable).
- :mod:`gnet.socket.blocking` — Python's socket methods: recv, sendall,
  makefile, settimeout, ...
- :mod:`gnet.socket.net` — :class:`Socket`, joining the three over one
  descriptor: handle, addresses, timeouts, ref/unref, destroy (Node's
  ``net.Socket``).
- :mod:`gnet.socket.connect` — ``socket.connect()``: lookup, connect(2),
  'connect'/'ready'.
- :mod:`gnet.socket._hub` (keep-alive, idle reaper) and
  :mod:`gnet.socket._chunks` (Node's string → bytes rules) serve them all.

A Socket is either handed out by a :class:`gnet.Server` ('connection') or
made by :func:`gnet.connect`.
"""

from gnet.socket._chunks import _to_bytes  # (gnet.tls and the fuzz tests use it)
from gnet.socket.blocking import ReadModeError
from gnet.socket.net import Socket
from gnet.socket.readable import RECV_SIZE
from gnet.socket.writable import DEFAULT_HIGH_WATER_MARK

__all__ = ['Socket', 'ReadModeError', 'RECV_SIZE', 'DEFAULT_HIGH_WATER_MARK']
