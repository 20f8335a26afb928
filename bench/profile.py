"""Where a server's time goes, per operation: CPU, syscalls, instructions, py-spy.

usage (from the repository root, in the venv that has ``.[bench]``)::

    .venv/bin/python bench/profile.py gnet-event echo                 # CPU µs per op
    .venv/bin/python bench/profile.py gnet-event echo --tool strace   # syscalls per op
    .venv/bin/python bench/profile.py gnet-event echo --tool callgrind  # instructions per op
    .venv/bin/python bench/profile.py gnet-blocking bulk --tool pyspy # own time by function
    .venv/bin/python bench/profile.py gnet-event echo --tool callgrind --pythonpath ../old

One server of ``bench/run.py`` (pinned to CPU 0, the load generator on
CPU 1) under one scenario of ``bench/loadgen.c`` (not idle: run.py
measures that); an *op* is an echoed message (echo), an echoed MB (bulk)
or a connection (connrate). Tools:

* ``cpu``: the server's user and system CPU per op (from /proc, sampled by
  the load generator over its window); wall-clock rates on a shared
  machine are noise, CPU per op much less so.
* ``strace``: ``strace -c -f`` attached for the whole run (no warm-up),
  each syscall's count divided by the ops done (strace slows the server;
  the *ratios* per op are what count).
* ``callgrind``: the server runs under valgrind's callgrind, its counts
  zeroed at the end of the load generator's warm-up, so the instruction count (user space: Python, gevent, libev/libuv, libc) per op
  is independent of the machine's load; ``--top`` functions by inclusive
  cost follow (needs valgrind). ~50× slower: use small ``-d``.
* ``pyspy``: ``py-spy record`` over the window (idle excluded); own time by
  function, the top ``--top`` (``py-spy``, in the ``bench`` extra).

``--pythonpath DIR`` runs the server against another checkout's ``gnet``
(e.g. a ``git worktree`` of the previous commit): an A/B of two code
versions with the same load generator.
"""

import argparse
import collections
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (bench/run.py: servers, loadgen build, ports)

#: scenario -> (JSON key of the op count, the op's name, divisor to ops)
OPS = {
    'echo': ('msgs', 'message', 1),
    'bulk': ('bytes_echoed', 'MB echoed', 1e6),
    'connrate': ('completed', 'connection', 1),
}


def start_server(name, args, prefix=()):
    port = run.free_port(args.host)
    command = run.SERVERS.get(name) or ['{python}', os.path.abspath(name), '{host}', '{port}']
    argv = [part.format(python=sys.executable, node=run.node_path(), host=args.host, port=port)
            for part in command]
    env = dict(os.environ)
    if args.pythonpath:
        env['PYTHONPATH'] = os.path.abspath(args.pythonpath)
    log = open(os.path.join(args.tmp, 'server.log'), 'w')
    proc = subprocess.Popen(run.pinned(0, list(prefix) + argv, True), cwd=run.REPO, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    if not run.wait_accepting(args.host, port, proc, timeout=120):
        sys.exit('server did not start: see %s' % log.name)
    return proc, port


def run_loadgen(args, port, pid, warmup):
    loadgen = run.build_loadgen(os.path.join(HERE, 'out', 'build'))
    command = [loadgen, '--scenario', args.scenario, '--host', args.host, '--port', str(port),
               '--pid', str(pid), '-d', str(args.duration), '-w', str(warmup)]
    out = subprocess.run(run.pinned(1, command, True), capture_output=True, text=True,
                         timeout=warmup + args.duration + 600)
    if out.returncode != 0:
        sys.exit('loadgen failed: %s' % out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ops_of(result, scenario):
    key, _, divisor = OPS[scenario]
    if not result.get(key):
        sys.exit('the load generator completed no %s: %s' % (OPS[scenario][1], result))
    return result[key] / divisor


def tool_cpu(args):
    proc, port = start_server(args.server, args)
    try:
        result = run_loadgen(args, port, proc.pid, args.warmup)
    finally:
        proc.kill()
        proc.wait()
    ops = ops_of(result, args.scenario)
    span = result['window_s']
    usr = result['server_usr_pct'] / 100 * span / ops * 1e6
    sys_ = result['server_sys_pct'] / 100 * span / ops * 1e6
    print('%s %s: %.0f %s/s, server CPU per %s: %.2f µs user + %.2f µs system = %.2f µs; '
          'errors %s' % (args.server, args.scenario, ops / span, OPS[args.scenario][1],
                         OPS[args.scenario][1], usr, sys_, usr + sys_,
                         result.get('errors')))


def tool_strace(args):
    proc, port = start_server(args.server, args)
    out = os.path.join(args.tmp, 'strace.txt')
    tracer = subprocess.Popen(['strace', '-c', '-f', '-o', out, '-p', str(proc.pid)],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # attached (strace prints nothing when it is)
    try:
        result = run_loadgen(args, port, proc.pid, 0)
    finally:
        tracer.terminate()
        tracer.wait()
        proc.kill()
        proc.wait()
    ops = ops_of(result, args.scenario)
    rows = []
    for line in open(out):
        parts = line.split()
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != 'total':
            calls = int(parts[3])
            errors = int(parts[4]) if len(parts) == 6 else 0
            rows.append((parts[-1], calls, errors))
    rows.sort(key=lambda r: -r[1])
    total = sum(r[1] for r in rows)
    print('%s %s under strace: %d ops (%s)' % (args.server, args.scenario, ops,
                                             OPS[args.scenario][1]))
    print('| syscall | per %s | errors per op |' % OPS[args.scenario][1])
    print('|---|---|---|')
    for name, calls, errors in rows[:args.top]:
        print('| %s | %.2f | %.2f |' % (name, calls / ops, errors / ops))
    print('| total | %.2f | |' % (total / ops))


def tool_callgrind(args):
    pattern = os.path.join(args.tmp, 'callgrind.out.%p')
    proc, port = start_server(args.server, args, prefix=[
        'valgrind', '--tool=callgrind', '--instr-atstart=no', '--callgrind-out-file=' + pattern])
    try:
        subprocess.run(['callgrind_control', '-i', 'on', str(proc.pid)], check=True,
                       capture_output=True)
        # The counts start after the warm-up (connections made, code translated).
        zero = threading.Timer(args.warmup, subprocess.run, (
            ['callgrind_control', '-z', str(proc.pid)],), {'capture_output': True})
        zero.start()
        result = run_loadgen(args, port, proc.pid, args.warmup)
        zero.join()
        subprocess.run(['callgrind_control', '-d', str(proc.pid)], check=True,
                       capture_output=True)
    finally:
        proc.terminate()
        proc.wait()
    ops = ops_of(result, args.scenario)
    best = (0, '', '')
    for dump in glob.glob(os.path.join(args.tmp, 'callgrind.out.*')):
        text = subprocess.run(['callgrind_annotate', '--inclusive=no', '--threshold=100', dump],
                              capture_output=True, text=True).stdout
        found = re.search(r'([\d,]+) \(100.0%\)\s+PROGRAM TOTALS', text)
        if found and int(found.group(1).replace(',', '')) > best[0]:
            best = (int(found.group(1).replace(',', '')), text, dump)
    total, annotated, dump = best
    if not total:
        sys.exit('callgrind recorded nothing (load generator: %s; %s)' % (
            result, os.listdir(args.tmp)))
    shutil.copy(dump, os.path.join(HERE, 'out', 'callgrind.last'))
    print('%s %s under callgrind: %d ops, %.0f instructions per %s (user space)%s' % (
        args.server, args.scenario, ops, total / ops, OPS[args.scenario][1],
        ' [PYTHONPATH=%s]' % args.pythonpath if args.pythonpath else ''))
    lines = [l for l in annotated.splitlines() if re.match(r'\s*[\d,]+ \(', l)
             and 'PROGRAM TOTALS' not in l]
    by_object = collections.Counter()
    for line in lines:
        found = re.search(r'\[([^]]*)\]\s*$', line)
        name = os.path.basename(found.group(1)) if found else '?'
        by_object[re.sub(r'[.-]cpython.*|\.so.*', '', name)] += int(line.split()[0].replace(',', ''))
    print('  by object file: ' + ', '.join('%s %.0f' % (name, cost / ops)
                                          for name, cost in by_object.most_common(8)))
    for line in lines[:args.top]:
        cost, _, where = line.strip().partition(' ')
        where = re.sub(r'\s*\[.*\]$', '', where)  # the object file
        print('  %s %s' % (cost, re.sub(r'[^ ]*/', '', where)))


def tool_pyspy(args):
    proc, port = start_server(args.server, args)
    out = os.path.join(args.tmp, 'pyspy.txt')
    spy = subprocess.Popen(['py-spy', 'record', '-r', '250', '-f', 'raw', '-o', out,
                            '-d', str(int(args.warmup + args.duration)), '-p', str(proc.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        run_loadgen(args, port, proc.pid, args.warmup)
        spy.wait(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    own = collections.Counter()
    total = 0
    for line in open(out):
        stack, _, count = line.rstrip().rpartition(' ')
        frame = stack.split(';')[-1]
        own[re.sub(r' \((/[^)]*/)?', ' (', frame)] += int(count)
        total += int(count)
    print('%s %s: py-spy own time (%d samples)' % (args.server, args.scenario, total))
    for frame, count in own.most_common(args.top):
        print('  %5.1f %%  %s' % (count * 100 / total, frame))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('server', help='a server of bench/run.py (%s), or a script taking HOST PORT'
                   % ', '.join(sorted(run.SERVERS)))
    p.add_argument('scenario', choices=sorted(OPS))
    p.add_argument('--tool', choices=('cpu', 'strace', 'callgrind', 'pyspy'), default='cpu')
    p.add_argument('-d', '--duration', type=float, default=3.0)
    p.add_argument('-w', '--warmup', type=float, default=1.0)
    p.add_argument('--top', type=int, default=15)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--pythonpath', help="another checkout's root: its gnet is measured")
    args = p.parse_args(argv)
    os.environ['PATH'] = os.path.dirname(sys.executable) + os.pathsep + os.environ['PATH']
    needs = {'strace': 'strace', 'callgrind': 'valgrind', 'pyspy': 'py-spy'}.get(args.tool)
    if needs and not shutil.which(needs):
        sys.exit('--tool %s needs %s on PATH' % (args.tool, needs))
    with tempfile.TemporaryDirectory() as tmp:
        args.tmp = tmp
        globals()['tool_' + args.tool](args)


if __name__ == '__main__':
    main()
