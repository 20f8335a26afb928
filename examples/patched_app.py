"""A monkey-patched blocking app on gnet: threads, locks, queues, sleep, select.

The program calls ``gevent.monkey.patch_all()`` first, then is written as
plain threaded Python: a dict guarded by ``threading.Condition``, a
write-behind journal fed through ``queue.Queue`` to a ``threading.Thread``,
``time.sleep``, and ``select.select`` for an idle timeout. gnet serves it:
the connection listener blocks (``conn.recv`` / ``conn.sendall``) in its
own greenlet, and the patched stdlib makes all of it cooperative.

The protocol, one command per line, one reply line each:

    SET <key> <value>    -> OK
    GET <key>            -> the value, or (nil)
    WAIT <key> <secs>    -> the value once some client SETs it, or TIMEOUT
    SLEEP <ms>           -> OK after time.sleep(ms / 1000)
    FLUSH                -> journal=<n>: writes the journal thread has stored
    QUIT                 -> BYE

Run it::

    python examples/patched_app.py [--host 127.0.0.1] [--port 8008] [--idle 60]

(``--port 0``: any free port.)

It prints ``listening on HOST:PORT`` once it accepts connections. SIGINT
or SIGTERM stops it gracefully (``server.stop(5)``): handlers still
running after 5 s get GreenletExit and their connections are closed.
"""

from gevent import monkey

monkey.patch_all()

# pylint: disable=wrong-import-position
import argparse
import queue
import select
import signal
import threading
import time

import gevent

import gnet


class Store:
    """A key-value dict for many threads, with a write-behind journal thread."""

    def __init__(self):
        self.data = {}
        self.changed = threading.Condition()
        self.journal = []
        self.pending = queue.Queue()
        self.writer = threading.Thread(target=self._journal_writer, daemon=True)
        self.writer.start()

    def _journal_writer(self):
        while True:
            entry = self.pending.get()
            time.sleep(0.001)  # pretend to write to a slow disk
            self.journal.append(entry)
            self.pending.task_done()

    def set(self, key, value):
        with self.changed:
            self.data[key] = value
            self.changed.notify_all()
        self.pending.put((time.time(), key, value))

    def get(self, key):
        with self.changed:
            return self.data.get(key)

    def wait(self, key, seconds):
        with self.changed:
            self.changed.wait_for(lambda: key in self.data, timeout=seconds)
            return self.data.get(key)

    def flush(self):
        self.pending.join()
        return len(self.journal)


def make_handler(store, idle_timeout):
    """A blocking-style connection handler, as a thread-per-connection server has."""

    def handle(conn):
        buffered = b''
        while True:
            while b'\n' not in buffered:
                readable, _, _ = select.select([conn], [], [], idle_timeout)
                if not readable:
                    conn.sendall(b'BYE idle\n')
                    return
                chunk = conn.recv(4096)
                if not chunk:
                    return
                buffered += chunk
            line, buffered = buffered.split(b'\n', 1)
            words = line.decode('utf-8', 'replace').strip().split(' ', 2)
            reply = execute(store, words)
            conn.sendall(reply.encode('utf-8') + b'\n')
            if reply == 'BYE':
                return

    return handle


def execute(store, words):
    command = words[0].upper()
    if command == 'SET' and len(words) == 3:
        store.set(words[1], words[2])
        return 'OK'
    if command == 'GET' and len(words) == 2:
        value = store.get(words[1])
        return '(nil)' if value is None else value
    if command == 'WAIT' and len(words) == 3:
        value = store.wait(words[1], float(words[2]))
        return 'TIMEOUT' if value is None else value
    if command == 'SLEEP' and len(words) == 2:
        time.sleep(int(words[1]) / 1000.0)
        return 'OK'
    if command == 'FLUSH':
        return 'journal=%d' % store.flush()
    if command == 'QUIT':
        return 'BYE'
    return 'ERR bad command'


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8008, help='0: any free port')
    parser.add_argument('--idle', type=float, default=60.0, help='idle timeout, seconds')
    args = parser.parse_args(argv)

    store = Store()
    handler = make_handler(store, args.idle)

    def connection(conn):
        try:
            handler(conn)
        finally:
            conn.end()  # flush the replies, then FIN

    server = gnet.create_server(connection)
    server.listen(args.port, args.host, lambda: print(
        'listening on %s:%d' % (server.address()['address'], server.address()['port']),
        flush=True))
    for signum in (signal.SIGINT, signal.SIGTERM):
        # gevent runs this handler in a new greenlet, where stop() may block.
        gevent.signal_handler(signum, server.stop, 5)
    server.serve_forever()
    print('stopped', flush=True)


if __name__ == '__main__':
    main()
