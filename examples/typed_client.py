"""A typed client (and the echo server it talks to), checked by ``mypy --strict``.

``tox -e typecheck`` type-checks this file against gnet's own annotations
(gnet ships ``py.typed``); ``tests/test_examples_typed.py`` runs it. It
starts an echo server on an OS-assigned loopback port, connects to it
with :func:`gnet.connect`, writes each MESSAGE as a line, half-closes,
collects the echo, and prints it::

    python examples/typed_client.py [MESSAGE ...]

Exit status 0 when the echo is exactly what was sent, 1 otherwise.
"""

from __future__ import annotations

import sys

import gnet
from gnet.typedefs import AddressInfo


def start_echo_server() -> gnet.Server:
    """An echo server listening on 127.0.0.1, port chosen by the OS."""

    def on_connection(sock: gnet.Socket) -> None:
        sock.on('data', sock.write)   # 'end' then ends our side too (no allowHalfOpen)

    server = gnet.create_server(on_connection)
    server.listen(0, '127.0.0.1')     # an IP literal binds at once: address() answers
    return server


def tcp_address(server: gnet.Server) -> AddressInfo:
    """The server's ``{'address', 'family', 'port'}`` (a TCP server's, not a path)."""
    address = server.address()
    if not isinstance(address, dict):
        raise RuntimeError('not a listening TCP server: %r' % (address,))
    return address


def exchange(port: int, lines: list[str]) -> bytes:
    """Connect, send *lines*, end, and return every byte received before 'close'."""
    received: list[bytes] = []
    client = gnet.connect(port, '127.0.0.1')

    def on_connect() -> None:
        for line in lines:
            client.write(line + '\n', 'utf8')
        client.end()

    def on_data(chunk: bytes) -> None:
        received.append(chunk)

    def on_error(err: BaseException) -> None:
        print('client error:', err, file=sys.stderr)

    client.on('connect', on_connect).on('data', on_data).on('error', on_error)
    client.once('close', lambda had_error: print('closed, had_error =', had_error))
    if not gnet.run(timeout=10):      # True once nothing referenced is left
        client.destroy()
        raise RuntimeError('the exchange did not finish within 10 s')
    return b''.join(received)


def main(argv: list[str]) -> int:
    lines = argv or ['hello', 'typed world']
    server = start_echo_server()
    server.unref()                    # the client alone keeps gnet.run() going
    address = tcp_address(server)
    echoed = exchange(address['port'], lines)
    server.close()
    expected = ''.join(line + '\n' for line in lines).encode('utf8')
    sys.stdout.write(echoed.decode('utf8'))
    return 0 if echoed == expected else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
