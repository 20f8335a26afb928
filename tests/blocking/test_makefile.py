"""makefile() gives the file objects a gevent socket gives, with the same lifetime rule."""

from blocking_helpers import attempt, read_all


def test_binary_and_text_files_read_and_write(differential):
    def body(sock, peer):
        peer.sendall(b'first line\nsecond line\nrest')
        peer.shutdown(1)
        reader = sock.makefile('rb')
        text = sock.makefile('r', encoding='utf-8', newline='')
        steps = [type(reader).__name__, reader.readline(), text.readline(), reader.read(2),
                 reader.read()]
        writer = sock.makefile('wb')
        writer.write(b'written ')
        text_writer = sock.makefile('w', encoding='utf-8')
        text_writer.write('and text\n')
        steps += [attempt(writer.flush), attempt(text_writer.flush)]
        for f in (reader, text, writer, text_writer):
            f.close()
        sock.close()
        steps.append(read_all(peer))
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[0] == 'BufferedReader' and gevents[1] == b'first line\n'


def test_closing_the_socket_leaves_an_open_file_usable(differential):
    # Python's rule (socket._io_refs): the descriptor closes with the last user.
    def body(sock, peer):
        reader = sock.makefile('rb')
        sock.close()
        peer.sendall(b'line after close\n')
        steps = [attempt(reader.readline), sock.fileno() > 2]
        reader.close()
        peer.settimeout(5)
        steps.append(attempt(peer.recv, 10))  # EOF: the last user let go
        return steps
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents == [('ok', b'line after close\n'), True, ('ok', b'')]


def test_makefile_modes_and_unbuffered(differential):
    def body(sock, peer):
        files = [sock.makefile(mode) for mode in ('rb', 'wb', 'rwb', 'r', 'w')]
        names = [type(f).__name__ for f in files] + [getattr(files[3], 'mode', None)]
        raw = sock.makefile('rb', buffering=0)
        peer.sendall(b'raw')
        names += [type(raw).__name__, raw.read(3)]
        for f in files + [raw]:
            f.close()
        return names
    gevents, ours = differential(body)
    assert ours == gevents
    assert gevents[:3] == ['BufferedReader', 'BufferedWriter', 'BufferedRWPair']
