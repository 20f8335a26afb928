"""A loopback listener whose accept queue is full: a connect to it stays pending.

Listens on 127.0.0.1 with backlog 0 and never accepts; one filler
connection occupies the queue, so the kernel leaves later SYNs
unanswered. Prints the port, then holds everything until stdin closes.
Used by the scenarios of a connect in progress (both sides spawn it).
"""
import socket
import sys

listener = socket.socket()
listener.bind(('127.0.0.1', 0))
listener.listen(0)
filler = socket.create_connection(listener.getsockname())
print(listener.getsockname()[1], flush=True)
sys.stdin.read()
