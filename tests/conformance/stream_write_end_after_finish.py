"""end(cb) once finished: ERR_STREAM_ALREADY_FINISHED; end(data, cb) then
is a write after end: its callback gets that error, the socket is
destroyed with it ('error', 'close'(true))."""
from _write_lifecycle import run


def body(s, t, ei, client):
    def end1(e):
        t.log('end1 cb', ei(e), s.writableFinished)
        s.end(lambda e2: t.log('end2 cb', ei(e2)))
        s.end('y', lambda e3: t.log('end3 cb', ei(e3)))
    s.end('x', end1)


run(body)
