"""asyncio Protocol echo server; ``--uvloop`` runs the same protocol on uvloop.

usage: python asyncio_echo.py HOST PORT [--uvloop]

Callbacks only (no task per connection): the fastest way to write an echo
server on asyncio, and uvloop's own benchmark shape. Backpressure as in
bench/echo_event.py: reading pauses while the transport's write buffer is
over its high-water mark.
"""
import asyncio
import sys


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)

    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()


async def serve(host, port):
    server = await asyncio.get_running_loop().create_server(Echo, host, port, backlog=511)
    async with server:
        await server.serve_forever()


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    if '--uvloop' in sys.argv[3:]:
        import uvloop
        uvloop.run(serve(host, port))
    else:
        asyncio.run(serve(host, port))


if __name__ == '__main__':
    main()
