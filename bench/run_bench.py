#!/usr/bin/env python3
"""Run gnet's echo servers against the reference servers; write RESULTS.md and a plot.

usage (from the repository root):

    sh ../shared/bench/setup.sh                         # once: /tmp/benchvenv + C build
    /tmp/benchvenv/bin/pip install -e . matplotlib      # gnet (and the plot) into that venv
    python3 bench/run_bench.py                          # 3 reps x 3 s, every scenario
    python3 bench/run_bench.py --quick                  # smoke test (1 rep, 1 s)
    python3 bench/run_bench.py --reps 5 -d 5            # the numbers issue 7 asks for
    python3 bench/run_bench.py --from /tmp/gnet-bench/X # only re-render RESULTS.md/plot

This script installs nothing. It runs the shared driver
(``<shared>/bench/run.py``, ``--shared`` defaults to ``../shared`` beside the
repository) with

    --server 'gnet-event={python} bench/echo_event.py {host} {port}'
    --server 'gnet-blocking={python} bench/echo_blocking.py {host} {port}'
    --preset node-data --preset gevent --preset gevent-tuned
    --preset c-epoll --preset asyncio-proto --preset uvloop-proto
    --baseline node-data

then reads run.py's output folder (``results.jsonl``, ``summary.md``,
``meta.json``) and writes ``bench/RESULTS.md`` (the table, every issue-7
target as a ratio against Node 20, the exact command, machine, date,
versions) and ``bench/results.png`` (matplotlib: echo msg/s and server
µs/msg per server, plus bulk, conn/s and idle KiB/conn when measured).

The hand-written analysis (profile, per-message overhead, proposals) lives
in ``bench/ANALYSIS.md`` and is appended to RESULTS.md verbatim.
"""
import argparse
import datetime as _dt
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GNET_SERVERS = {
    'gnet-event': '{python} %s {host} {port}' % os.path.join(HERE, 'echo_event.py'),
    'gnet-blocking': '{python} %s {host} {port}' % os.path.join(HERE, 'echo_blocking.py'),
}
PRESETS = ['node-data', 'gevent', 'gevent-tuned', 'c-epoll', 'asyncio-proto', 'uvloop-proto']
BASELINE = 'node-data'
SCENARIOS = ('echo', 'bulk', 'connrate', 'idle')
PRIMARY = {'echo': 'msgs_per_s', 'bulk': 'mb_per_s', 'connrate': 'conns_per_s',
           'idle': 'kib_per_conn'}
LABEL = {'echo': 'echo msg/s', 'bulk': 'bulk MB/s', 'connrate': 'conn/s',
         'idle': 'idle KiB/conn'}

# (server, scenario, comparison, factor, against): "server's median metric
# <comparison> factor x against's median".  Issue 7's targets.
TARGETS = [
    ('gnet-blocking', 'echo', '>=', 1.05, BASELINE),
    ('gnet-event', 'echo', '>=', 1.00, BASELINE),
    ('gnet-blocking', 'echo', '>=', 1.40, 'gevent'),
    ('gnet-event', 'echo', '>=', 1.40, 'gevent'),
    ('gnet-event', 'bulk', '>=', 1.00, BASELINE),
    ('gnet-blocking', 'bulk', '>=', 1.00, BASELINE),
    ('gnet-event', 'connrate', '>=', 1.00, BASELINE),
    ('gnet-blocking', 'connrate', '>=', 1.00, BASELINE),
    ('gnet-event', 'idle', '<=', 1.00, BASELINE),
    ('gnet-blocking', 'idle', '<=', 1.00, BASELINE),
]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------- running --
def check_venv(python):
    """The bench venv must exist and import gnet from this checkout."""
    if not os.path.exists(python):
        return ('%s not found: run `sh ../shared/bench/setup.sh` then '
                '`/tmp/benchvenv/bin/pip install -e . matplotlib`' % python)
    r = subprocess.run([python, '-c', 'import gnet, os; print(os.path.dirname(gnet.__file__))'],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return ('gnet is not installed in %s: `%s -m pip install -e %s`'
                % (python, python, REPO))
    where = os.path.realpath(r.stdout.strip())
    if where != os.path.realpath(os.path.join(REPO, 'gnet')):
        log('note: the bench venv imports gnet from %s, not from this checkout' % where)
    return None


def run_driver(a):
    run_py = os.path.join(a.shared, 'bench', 'run.py')
    if not os.path.exists(run_py):
        sys.exit('run.py not found at %s (use --shared PATH)' % run_py)
    out = a.out or os.path.join('/tmp/gnet-bench', 'gnet-' + _dt.datetime.now()
                                .strftime('%Y%m%d-%H%M%S'))
    cmd = [sys.executable, run_py]
    for name, tmpl in GNET_SERVERS.items():
        cmd += ['--server', '%s=%s' % (name, tmpl)]
    for p in a.presets:
        cmd += ['--preset', p]
    cmd += ['--baseline', BASELINE, '--scenarios', a.scenarios, '--out', out,
            '--python', a.python]
    if a.quick:
        cmd += ['--quick']
    else:
        cmd += ['--reps', str(a.reps), '-d', str(a.duration)]
    cmd += a.extra
    log('$ ' + ' '.join(shlex.quote(x) for x in cmd))
    load_before = os.getloadavg()
    rc = subprocess.call(cmd, cwd=REPO)
    load_after = os.getloadavg()
    with open(os.path.join(out, 'run_bench.json'), 'w') as f:
        json.dump({'command': cmd, 'rc': rc, 'loadavg_before': load_before,
                   'loadavg_after': load_after, 'run_bench_argv': a.argv}, f)
    return out, rc


# --------------------------------------------------------------- reading --
def load(outdir):
    with open(os.path.join(outdir, 'meta.json')) as f:
        meta = json.load(f)
    records = []
    with open(os.path.join(outdir, 'results.jsonl')) as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
    summary = ''
    p = os.path.join(outdir, 'summary.md')
    if os.path.exists(p):
        with open(p) as f:
            summary = f.read()
    extra = {}
    p = os.path.join(outdir, 'run_bench.json')
    if os.path.exists(p):
        with open(p) as f:
            extra = json.load(f)
    return meta, records, summary, extra


def values(records, server, scenario, key):
    out = []
    for r in records:
        if r['server'] == server and r['scenario'] == scenario and 'result' in r:
            v = r['result'].get(key)
            if v is not None:
                out.append(v)
    return out


def median(records, server, scenario, key):
    v = values(records, server, scenario, key)
    return statistics.median(v) if v else None


def errors_of(records, server):
    """Total errors over every run of *server*, and the failed runs."""
    total, failed = 0, []
    for r in records:
        if r['server'] != server:
            continue
        if 'failed' in r:
            failed.append('%s/rep%s: %s' % (r['scenario'], r['rep'], r['failed']))
        res = r.get('result', {})
        total += res.get('errors') or 0
        if r['scenario'] == 'idle' and res.get('alive_after') is False:
            failed.append('idle/rep%s: not alive after' % r['rep'])
    return total, failed


# --------------------------------------------------------------- writing --
def fmt(v, scen):
    if v is None:
        return '–'
    return '%.1f' % v if scen == 'idle' else '{:,.0f}'.format(v)


def micro_targets(outdir):
    """Rows for the two in-process targets, parsed from the saved outputs."""
    import re
    rows = []
    path = os.path.join(outdir, 'emit_publish.txt')
    if os.path.exists(path):
        text = open(path).read()
        m = re.search(r'ratio: ([\d.]+)', text)
        if m:
            r = float(m.group(1))
            rows.append('| zope.event publish, no subscribers, vs emit() without it '
                        '(bench/emit_publish.py) | +%.1f %% | %.3f× | <= 1.05× | %s |'
                        % ((r - 1) * 100, r, 'met' if r <= 1.05 else
                           'MISSED by %.1f points' % ((r - 1.05) * 100)))
    path = os.path.join(outdir, 'micro_hotpath.txt')
    if os.path.exists(path):
        text = open(path).read()
        st = re.search(r'static: (.*)', text)
        dy = re.search(r'dynamic: .*?([-+][\d.]+) %', text)
        if st and dy:
            clean = st.group(1).startswith('none of')
            d = float(dy.group(1))
            rows.append('| ref()/unref() and the connection registry per message '
                        '(bench/micro_hotpath.py) | static: %s; dynamic: %+.1f %% | – | '
                        'nothing | %s |' % ('not referenced' if clean else st.group(1), d,
                                            'met' if clean and abs(d) < 5 else 'CHECK'))
    return rows


def targets_table(records, servers, outdir=None):
    rows = ['| target | measured | ratio | needed | status |', '|---|---|---|---|---|']
    for server, scen, cmp_, factor, against in TARGETS:
        if server not in servers or against not in servers:
            continue
        key = PRIMARY[scen]
        m, b = median(records, server, scen, key), median(records, against, scen, key)
        if m is None or b is None or not b:
            rows.append('| %s %s vs %s | not measured | – | %s %.2f | – |'
                        % (server, LABEL[scen], against, cmp_, factor))
            continue
        ratio = m / b
        ok = ratio >= factor if cmp_ == '>=' else ratio <= factor
        if ok:
            status = 'met'
        elif cmp_ == '>=':
            status = 'MISSED by %.0f %%' % ((factor - ratio) / factor * 100)
        else:
            status = 'MISSED by %.0f %%' % ((ratio - factor) / factor * 100)
        rows.append('| %s %s vs %s | %s vs %s | %.2f× | %s %.2f× | %s |'
                    % (server, LABEL[scen], against, fmt(m, scen), fmt(b, scen), ratio,
                       cmp_, factor, status))
    if outdir:
        rows.extend(micro_targets(outdir))
    for server in servers:
        if not server.startswith('gnet'):
            continue
        total, failed = errors_of(records, server)
        ok = total == 0 and not failed
        rows.append('| %s: 0 errors in every scenario | %d errors%s | – | 0 | %s |'
                    % (server, total, ('; ' + '; '.join(failed)) if failed else '',
                       'met' if ok else 'MISSED'))
    return '\n'.join(rows)


def cpu_table(records, servers):
    """µs/msg and the echo CPU split, the per-message cost comparison."""
    rows = ['| server | echo msg/s | srv CPU µs/msg | usr % | sys % | loadgen CPU % |'
            ' Δ µs/msg vs gevent-tuned |', '|---|---|---|---|---|---|---|']
    ref = median(records, 'gevent-tuned', 'echo', 'server_cpu_us_per_op')
    for s in servers:
        us = median(records, s, 'echo', 'server_cpu_us_per_op')
        if us is None:
            continue
        rows.append('| %s | %s | %.2f | %.0f | %.0f | %.0f | %s |' % (
            s, fmt(median(records, s, 'echo', 'msgs_per_s'), 'echo'), us,
            median(records, s, 'echo', 'server_usr_pct') or 0,
            median(records, s, 'echo', 'server_sys_pct') or 0,
            median(records, s, 'echo', 'client_cpu_pct') or 0,
            '%+.2f' % (us - ref) if ref is not None else '–'))
    return '\n'.join(rows)


def plot(records, servers, scenarios, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    panels = [('echo', 'msgs_per_s', 'echo msg/s (higher is better)'),
              ('echo', 'server_cpu_us_per_op', 'server CPU µs/msg (lower is better)')]
    for scen in ('bulk', 'connrate', 'idle'):
        if scen in scenarios:
            panels.append((scen, PRIMARY[scen], LABEL[scen] + (
                ' (lower is better)' if scen == 'idle' else ' (higher is better)')))
    ncols = 2
    nrows = (len(panels) + 1) // 2
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 3.6 * nrows), squeeze=False)
    for ax, (scen, key, title) in zip(axes.flat, panels):
        names, meds, lo, hi, colors = [], [], [], [], []
        for s in servers:
            v = values(records, s, scen, key)
            if not v:
                continue
            m = statistics.median(v)
            names.append(s)
            meds.append(m)
            lo.append(m - min(v))
            hi.append(max(v) - m)
            colors.append('tab:red' if s.startswith('gnet') else
                          'tab:green' if s == BASELINE else 'tab:gray')
        ax.barh(names, meds, xerr=[lo, hi], color=colors, capsize=3)
        ax.invert_yaxis()
        ax.set_title(title, fontsize=10)
        base = median(records, BASELINE, scen, key)
        if base:
            ax.axvline(base, color='tab:green', linestyle='--', linewidth=1)
        for i, m in enumerate(meds):
            ax.text(m + hi[i], i, '  ' + ('%.1f' % m if m < 100 else '{:,.0f}'.format(m)),
                    va='center', fontsize=8)
        ax.set_xlim(0, max((m + h for m, h in zip(meds, hi)), default=1) * 1.22)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis('off')
    fig.suptitle('gnet vs references (median of reps, whiskers min–max; '
                 'dashed = %s)' % BASELINE, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def git_rev():
    try:
        rev = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=REPO,
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(['git', 'status', '--porcelain', '--', 'gnet'], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        return rev + (' (gnet/ has uncommitted changes)' if dirty else '')
    except OSError:
        return '?'


MICROS = [('micro_hotpath.py', ['-n', '100000', '--reps', '7']),
          ('emit_publish.py', [])]


def run_micros(outdir, python):
    """The in-process checks (ref/unref + registry, zope.event publish), saved in outdir."""
    for script, args in MICROS:
        path = os.path.join(HERE, script)
        if not os.path.exists(path):
            continue
        log('$ %s %s %s' % (python, path, ' '.join(args)))
        r = subprocess.run([python, path] + args, capture_output=True, text=True, cwd=REPO,
                           timeout=600)
        with open(os.path.join(outdir, script.replace('.py', '.txt')), 'w') as f:
            f.write('$ python bench/%s %s\n%s%s(exit status %d)\n'
                    % (script, ' '.join(args), r.stdout, r.stderr, r.returncode))


def micro_section(outdir):
    parts = []
    for script, title in (('emit_publish.py', 'zope.event publish step with no subscribers '
                                              '(target: ≤ 5 % of an emit)'),
                          ('micro_hotpath.py', 'Python per message, and ref/unref + registry '
                                               'per message (target: nothing)')):
        path = os.path.join(outdir, script.replace('.py', '.txt'))
        if os.path.exists(path):
            with open(path) as f:
                parts.append('### %s\n\n```\n%s```\n' % (title, f.read()))
    return '\n'.join(parts)


def changed_during(records):
    """gnet/ files modified between the first and the last run (a moving target)."""
    times = [r.get('time') for r in records if r.get('time')]
    if not times:
        return []
    t0 = _dt.datetime.fromisoformat(min(times)).timestamp()
    t1 = _dt.datetime.fromisoformat(max(times)).timestamp() + 10
    out = []
    pkg = os.path.join(REPO, 'gnet')
    for name in sorted(os.listdir(pkg)):
        if name.endswith('.py'):
            m = os.path.getmtime(os.path.join(pkg, name))
            if t0 <= m <= t1:
                out.append('%s (%s)' % (name, _dt.datetime.fromtimestamp(m).strftime('%H:%M:%S')))
    return out


def write_results(outdir, a):
    meta, records, summary, extra = load(outdir)
    servers = list(meta.get('servers', {}))
    scenarios = meta.get('scenarios', list(SCENARIOS))
    mach = meta.get('machine', {})
    png = os.path.join(HERE, 'results.png')
    try:
        plot(records, servers, scenarios, png)
        plot_note = '![results](results.png)'
    except ImportError as exc:
        # This interpreter has no matplotlib: the bench venv should.
        r = subprocess.run([a.python, os.path.abspath(__file__), '--plot-only', outdir],
                           capture_output=True, text=True)
        if r.returncode == 0:
            plot_note = '![results](results.png)'
        else:
            plot_note = ('(no plot: %s, and `%s` failed: %s; `/tmp/benchvenv/bin/pip '
                         'install matplotlib` and rerun with `--from %s`)'
                         % (exc, a.python, r.stderr.strip()[-200:], outdir))
    cmd = extra.get('command') or meta.get('argv')
    cmd_s = ' '.join(shlex.quote(x) for x in cmd) if cmd else '?'
    lb, la = extra.get('loadavg_before'), extra.get('loadavg_after')
    suspects = summary.count('suspect:')
    loaded = a.loaded or (lb is not None and lb[0] > 0.5)
    when = min((r.get('time', '') for r in records), default='?')
    parts = []
    parts.append('# gnet benchmark results\n')
    parts.append('Generated by `bench/run_bench.py` from `%s` (run.py\'s output folder). '
                 'Only ratios measured in one run mean anything; see '
                 '`../shared/bench/README.md` for how to read every figure.\n' % outdir)
    if loaded:
        parts.append('> **Measured on a loaded machine.** Other jobs (test suites of '
                     'other engineers) were running on this 2-CPU machine during the '
                     'run (load average %s before, %s after; %d run(s) flagged '
                     '"suspect" by run.py). Absolute numbers are low and noisy and '
                     'the ratios are less reliable than usual; rerun on an idle '
                     'machine with `--reps 5 -d 5` before quoting them.\n'
                     % (_fmt_load(lb), _fmt_load(la), suspects))
    moved = changed_during(records)
    if moved:
        parts.append('> **gnet/ changed during the run**: %s were modified between the first '
                     'and the last measurement (other engineers work in this checkout), so '
                     'later gnet rows may measure newer code than earlier ones.\n'
                     % ', '.join(moved))
    if a.note:
        parts.append('> ' + a.note + '\n')
    parts.append('## Run\n')
    parts.append('- date: %s (first run started %s)' % (
        _dt.datetime.now().strftime('%Y-%m-%d %H:%M %Z').strip(), when))
    parts.append('- command: `python3 bench/run_bench.py %s`, which ran:\n\n  ```\n  %s\n  ```'
                 % (' '.join(shlex.quote(x) for x in extra.get('run_bench_argv', a.argv or [])),
                    cmd_s))
    parts.append('- reps %s × %s s (+%s s warm-up), scenarios %s, pinning %s' % (
        meta.get('reps'), meta.get('duration'), meta.get('warmup'), ','.join(scenarios),
        'server CPU %s, loadgen CPU %s' % tuple(meta['pin']) if meta.get('pin') else 'none'))
    parts.append('- machine: %s CPUs (nproc), %s, kernel %s' % (
        mach.get('cpus'), mach.get('cpu', '?'), mach.get('kernel')))
    parts.append('- versions: server python/libs %s; node %s; gnet %s'
                 % (mach.get('server_python'), mach.get('node'), git_rev()))
    parts.append('- load average (1/5/15 min) before %s, after %s\n'
                 % (_fmt_load(lb), _fmt_load(la)))
    parts.append('## Table (run.py\'s summary.md, ratios ×%s)\n' % BASELINE)
    parts.append(summary.strip() + '\n')
    parts.append('## Issue 7 targets (medians, ratios against Node 20 `%s`)\n' % BASELINE)
    parts.append(targets_table(records, servers, outdir) + '\n')
    micro = micro_section(outdir)
    if micro:
        parts.append('## In-process checks (run right after the benchmark)\n')
        parts.append(micro)
    parts.append('## Per-message server cost (echo)\n')
    parts.append(cpu_table(records, servers) + '\n')
    parts.append('## Plot\n')
    parts.append(plot_note + '\n')
    analysis = os.path.join(HERE, 'ANALYSIS.md')
    if os.path.exists(analysis):
        with open(analysis) as f:
            parts.append(f.read().strip() + '\n')
    text = '\n'.join(parts)
    with open(os.path.join(HERE, 'RESULTS.md'), 'w') as f:
        f.write(text)
    log('wrote %s and %s' % (os.path.join(HERE, 'RESULTS.md'), png))
    return text


def _fmt_load(v):
    return '/'.join('%.2f' % x for x in v) if v else '?'


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split('\n\n', 1)[1])
    p.add_argument('--shared', default=os.path.join(REPO, '..', 'shared'),
                   help='the shared folder holding bench/run.py (default ../shared)')
    p.add_argument('--python', default=os.environ.get('BENCH_PYTHON', '/tmp/benchvenv/bin/python'))
    p.add_argument('--reps', type=int, default=3)
    p.add_argument('-d', '--duration', type=float, default=3.0)
    p.add_argument('--scenarios', default=','.join(SCENARIOS))
    p.add_argument('--preset', dest='presets', action='append',
                   help='reference presets (default: %s)' % ' '.join(PRESETS))
    p.add_argument('--quick', action='store_true', help="run.py's --quick smoke test")
    p.add_argument('--out', help="run.py's results folder")
    p.add_argument('--from', dest='from_dir', metavar='DIR',
                   help='do not run: re-render RESULTS.md and the plot from DIR')
    p.add_argument('--loaded', action='store_true',
                   help='mark RESULTS.md as measured on a loaded machine')
    p.add_argument('--note', help='a line of text to put at the top of RESULTS.md')
    p.add_argument('--no-micro', action='store_true',
                   help='skip bench/micro_hotpath.py and bench/emit_publish.py')
    p.add_argument('--micro-only', metavar='DIR',
                   help='run only the in-process checks into DIR, then re-render')
    p.add_argument('--plot-only', metavar='DIR', help=argparse.SUPPRESS)
    p.add_argument('extra', nargs='*', help='after --: more run.py options')
    a = p.parse_args(argv)
    a.argv = argv
    a.presets = a.presets or PRESETS
    if BASELINE not in a.presets:
        a.presets.append(BASELINE)
    if a.plot_only:
        meta, records, _, _ = load(a.plot_only)
        plot(records, list(meta.get('servers', {})), meta.get('scenarios', list(SCENARIOS)),
             os.path.join(HERE, 'results.png'))
        return 0
    if a.micro_only:
        run_micros(a.micro_only, a.python)
        write_results(a.micro_only, a)
        return 0
    if a.from_dir:
        write_results(a.from_dir, a)
        return 0
    problem = check_venv(a.python)
    if problem:
        log(problem)
        return 2
    outdir, rc = run_driver(a)
    if not a.no_micro:
        run_micros(outdir, a.python)
    write_results(outdir, a)
    return rc


if __name__ == '__main__':
    sys.exit(main())
