#!/usr/bin/env python3
"""TLS benchmark: gnet.tls vs Node 20's tls, side by side, pinned, with a C load generator.

usage: python bench/tls_bench.py [--reps 3] [-d 5] [-w 1] [-c 50] [-m 64]
                                 [--hs-conns 16] [--scenarios echo,handshake]
                                 [--server NAME=CMD ...] [--only NAME ...] [--engines]
                                 [--pin 0,1|none] [--out DIR]

Builds ``bench/tls_loadgen.c`` (OpenSSL, epoll, one thread; every echoed
byte checked) into ``$TLS_BENCH_BUILD`` (default /tmp/gnet-tls-bench), makes
a trustme certificate there, then for each rep, scenario and server: starts
the server pinned to CPU 0, runs the load generator pinned to CPU 1, stops
the server. Servers are interleaved within a rep, and their order rotates
from rep to rep, so drift and other load on the machine hit all of them. Prints a
markdown table of medians and the ratio to Node, the load average before
and after each run, and flags suspect runs (neither the server ≥ 85 % CPU
nor the load generator ≥ 90 %: something else limited the run; or other
processes used more than 15 % of a core during the run, from /proc/stat),
and load-generator-bound runs (its CPU ≥ 95 %: the msg/s or handshakes/s
then measure the client; compare the servers' CPU µs per operation instead).

Commands (``--server NAME=CMD``) may use {python} {node} {host} {port}
{certs} {bench}; the command must be the server process itself.
"""
import argparse
import json
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

DEFAULT_SERVERS = [
    ('gnet', '{python} {bench}/echo_tls.py {host} {port} {certs}'),
    ('node', '{node} {bench}/node_echo_tls.js {host} {port} {certs}'),
]

#: ``--engines``: the TLS engine alone (bench/TLS-ENGINE.md), one minimal
#: gevent echo server over stdlib ssl and over pyOpenSSL.
ENGINE_SERVERS = [
    ('engine-ssl', '{python} {bench}/echo_tls_engine.py ssl {host} {port} {certs}'),
    ('engine-pyopenssl', '{python} {bench}/echo_tls_engine.py pyopenssl {host} {port} {certs}'),
]


def build(build_dir, key_type='ecdsa'):
    os.makedirs(build_dir, exist_ok=True)
    src = os.path.join(BENCH, 'tls_loadgen.c')
    exe = os.path.join(build_dir, 'tls_loadgen')
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        subprocess.check_call(['gcc', '-O2', '-Wall', '-o', exe, src, '-lssl', '-lcrypto', '-lm'])
    certs = os.path.join(build_dir, 'certs' if key_type == 'ecdsa' else 'certs-' + key_type)
    if not os.path.exists(os.path.join(certs, 'key.pem')):
        import trustme
        os.makedirs(certs, exist_ok=True)
        kt = trustme.KeyType.RSA if key_type == 'rsa' else trustme.KeyType.ECDSA
        ca = trustme.CA(key_type=kt)
        leaf = ca.issue_cert('localhost', '127.0.0.1', key_type=kt)
        leaf.private_key_pem.write_to_path(os.path.join(certs, 'key.pem'))
        leaf.cert_chain_pems[0].write_to_path(os.path.join(certs, 'cert.pem'))
        ca.cert_pem.write_to_path(os.path.join(certs, 'ca.pem'))
    return exe, certs


def free_port(host):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_port(host, port, proc, timeout=15):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection((host, port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def cpu_busy():
    """(busy CPU seconds of the whole machine, wall seconds) from /proc/stat."""
    with open('/proc/stat') as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    tck = os.sysconf('SC_CLK_TCK')
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / tck, time.monotonic()


def loadavg():
    with open('/proc/loadavg') as f:
        return float(f.read().split()[0])


def one_run(name, template, scenario, a, exe, subst, log):
    port = free_port(a.host)
    argv = shlex.split(template.format(host=a.host, port=port, **subst))
    env = dict(os.environ)
    while argv and '=' in argv[0] and argv[0].split('=', 1)[0].isidentifier():
        k, v = argv.pop(0).split('=', 1)
        env[k] = v
    if a.pin:
        argv = ['taskset', '-c', a.pin[0]] + argv
    rec = {'server': name, 'scenario': scenario, 'command': ' '.join(argv),
           'load_before': loadavg(), 'time': time.strftime('%H:%M:%S')}
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                            cwd=ROOT)
    try:
        if not wait_port(a.host, port, proc):
            rec['failed'] = 'server did not listen'
            return rec
        time.sleep(0.3)
        lg = [exe, '--scenario', scenario, '--host', a.host, '--port', str(port),
              '--pid', str(proc.pid), '-d', str(a.duration), '-w', str(a.warmup),
              '-m', str(a.msg_size), '-c', str(a.conns if scenario == 'echo' else a.hs_conns),
              '--label', name]
        if scenario == 'handshake' and a.hs_quickack is not None:
            lg += ['--quickack', str(a.hs_quickack)]
        if a.pin:
            lg = ['taskset', '-c', a.pin[1]] + lg
        rec['loadgen'] = ' '.join(lg)
        busy0 = cpu_busy()
        r = subprocess.run(lg, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=a.warmup + a.duration + 60)
        lines = [ln for ln in r.stdout.splitlines() if ln.startswith('{')]
        if r.returncode or not lines:
            rec['failed'] = 'loadgen rc=%s %s' % (r.returncode, r.stderr[-300:])
            return rec
        rec['result'] = json.loads(lines[-1])
        busy1 = cpu_busy()
        # Whole-machine busy CPU over the run (all CPUs, % of one core) minus what the
        # server and the load generator used: other work on the machine (approximate:
        # the machine window includes warm-up and start-up, theirs is the measured one).
        res = rec['result']
        wall = busy1[1] - busy0[1]
        if wall > 0:
            machine = 100.0 * (busy1[0] - busy0[0]) / wall
            rec['machine_busy_pct'] = round(machine, 1)
            rec['other_cpu_pct'] = round(machine - res.get('server_cpu_pct', 0)
                                         - res.get('client_cpu_pct', 0), 1)
        if proc.poll() is not None:
            rec['failed'] = 'server died'
    finally:
        proc.terminate()
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    rec['load_after'] = loadavg()
    res = rec.get('result', {})
    rec['loadgen_bound'] = bool(res) and res.get('client_cpu_pct', 0) >= 95
    rec['suspect'] = bool(res) and (
        (res.get('server_cpu_pct', 0) < 85 and res.get('client_cpu_pct', 0) < 90)
        or rec.get('other_cpu_pct', 0) > a.other_limit)
    return rec


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--reps', type=int, default=3)
    p.add_argument('-d', '--duration', type=float, default=5)
    p.add_argument('-w', '--warmup', type=float, default=1)
    p.add_argument('-c', '--conns', type=int, default=50)
    p.add_argument('-m', '--msg-size', type=int, default=64)
    p.add_argument('--hs-conns', type=int, default=16)
    p.add_argument('--hs-quickack', type=int, choices=(0, 1), default=None,
                   help="handshake scenario: the load generator's TCP_QUICKACK (default 1)")
    p.add_argument('--scenarios', default='echo,handshake')
    p.add_argument('--server', action='append', default=[], help='NAME=CMD (adds to the defaults)')
    p.add_argument('--only', action='append', default=[], help='run only these server names')
    p.add_argument('--engines', action='store_true',
                   help='also run engine-ssl and engine-pyopenssl (the TLS engine alone; '
                        'needs pyOpenSSL)')
    p.add_argument('--key-type', choices=('ecdsa', 'rsa'), default='ecdsa',
                   help="the server certificate's key (trustme: ECDSA P-256 or RSA 2048); "
                        "with ECDSA a full handshake costs the client about what it costs "
                        "the server, with RSA the server's signature dominates")
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--pin', default='0,1')
    p.add_argument('--other-limit', type=float, default=15,
                   help='CPU %% (of one core) used by other processes during a run above '
                        'which the run is marked suspect')
    p.add_argument('--python', default=sys.executable)
    p.add_argument('--out', default=None)
    p.add_argument('--summarize', metavar='RESULTS_JSONL',
                   help='print the table of an earlier run and exit')
    a = p.parse_args(argv)
    if a.summarize:
        records = [json.loads(line) for line in open(a.summarize)]
        names = list(dict.fromkeys(r['server'] for r in records))
        scen = list(dict.fromkeys(r['scenario'] for r in records))
        a.reps = len({r['rep'] for r in records})
        a.pin = a.pin.split(',')
        print(summary(records, [(n, None) for n in names], scen, a))
        return 0
    a.pin = None if a.pin == 'none' or not shutil.which('taskset') else a.pin.split(',')
    build_dir = os.environ.get('TLS_BENCH_BUILD', '/tmp/gnet-tls-bench')
    exe, certs = build(build_dir, a.key_type)
    servers = list(DEFAULT_SERVERS) + (ENGINE_SERVERS if a.engines else [])
    for spec in a.server:
        name, cmd = spec.split('=', 1)
        servers = [s for s in servers if s[0] != name] + [(name, cmd)]
    if a.only:
        servers = [s for s in servers if s[0] in a.only]
    subst = {'python': a.python, 'node': shutil.which('node') or 'node', 'certs': certs,
             'bench': BENCH}
    out = a.out or os.path.join(build_dir, 'runs', time.strftime('%Y%m%d-%H%M%S'))
    os.makedirs(out, exist_ok=True)
    scenarios = a.scenarios.split(',')
    records = []
    with open(os.path.join(out, 'servers.log'), 'ab') as log, \
            open(os.path.join(out, 'results.jsonl'), 'w') as jl:
        for rep in range(a.reps):
            # Rotate the order each rep: the first run after a pause is often slower.
            order = servers[rep % len(servers):] + servers[:rep % len(servers)]
            for scenario in scenarios:
                for name, cmd in order:
                    rec = one_run(name, cmd, scenario, a, exe, subst, log)
                    rec['rep'] = rep
                    records.append(rec)
                    jl.write(json.dumps(rec) + '\n')
                    jl.flush()
                    res = rec.get('result', {})
                    key = 'msgs_per_s' if scenario == 'echo' else 'handshakes_per_s'
                    print('rep %d %-9s %-12s %9s/s  srv %5s%%  cli %5s%%  %s us/op  '
                          'other %s%%  load %.2f%s%s'
                          % (rep, scenario, name, res.get(key), res.get('server_cpu_pct'),
                             res.get('client_cpu_pct'), res.get('server_cpu_us_per_op'),
                             rec.get('other_cpu_pct'), rec['load_before'],
                             ('  SUSPECT' if rec.get('suspect') else '')
                             + ('  LOADGEN-BOUND' if rec.get('loadgen_bound') else ''),
                             '  FAILED ' + rec['failed'] if 'failed' in rec else ''),
                          file=sys.stderr, flush=True)
    print(summary(records, servers, scenarios, a))
    print('\nraw results: %s' % os.path.join(out, 'results.jsonl'))
    return 1 if any('failed' in r or r.get('result', {}).get('errors') for r in records) else 0


def summary(records, servers, scenarios, a):
    def med(name, scen, key, only_clean=False):
        vals = [r['result'].get(key) for r in records
                if r['server'] == name and r['scenario'] == scen and 'result' in r
                and r['result'].get(key) is not None and not (only_clean and r['suspect'])]
        return statistics.median(vals) if vals else None

    lines = ['| server | echo msg/s | ×node | server µs/msg | ×node by CPU | echo p50 µs '
             '| handshakes/s | ×node | server µs/handshake | ×node by CPU | errors '
             '| suspect runs | load-generator-bound runs |',
             '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    node_echo_us = med('node', 'echo', 'server_cpu_us_per_op')
    node_hs_us = med('node', 'handshake', 'server_cpu_us_per_op')
    node_echo = med('node', 'echo', 'msgs_per_s')
    node_hs = med('node', 'handshake', 'handshakes_per_s')
    for name, _cmd in servers:
        echo = med(name, 'echo', 'msgs_per_s')
        hs = med(name, 'handshake', 'handshakes_per_s')
        errs = sum(r.get('result', {}).get('errors', 0) for r in records if r['server'] == name)
        failed = sum('failed' in r for r in records if r['server'] == name)
        sus = sum(bool(r.get('suspect')) for r in records if r['server'] == name)
        n = sum(1 for r in records if r['server'] == name)

        def f(v, fmt='{:,.0f}'):
            return '–' if v is None else fmt.format(v)
        echo_us = med(name, 'echo', 'server_cpu_us_per_op')
        hs_us = med(name, 'handshake', 'server_cpu_us_per_op')
        bound = sum(bool(r.get('loadgen_bound')) for r in records if r['server'] == name)
        lines.append('| %s ' * 10 % (
            name, f(echo), f(echo / node_echo if echo and node_echo else None, '{:.2f}×'),
            f(echo_us, '{:.1f}'),
            f(node_echo_us / echo_us if echo_us and node_echo_us else None, '{:.2f}×'),
            f(med(name, 'echo', 'lat_p50_us'), '{:.0f}'),
            f(hs, '{:,.0f}'), f(hs / node_hs if hs and node_hs else None, '{:.2f}×'),
            f(hs_us, '{:.0f}'),
            f(node_hs_us / hs_us if hs_us and node_hs_us else None, '{:.2f}×'))
            + '| %d%s | %d/%d | %d/%d |' % (
                errs, ' (%d failed)' % failed if failed else '', sus, n, bound, n))
    lines.append('')
    lines.append('Paired ratios (each rep: this server / Node in the same rep; median over reps):')
    lines.append('')
    for name, _cmd in servers:
        if name == 'node':
            continue
        parts = []
        for scen, key in (('echo', 'msgs_per_s'), ('handshake', 'handshakes_per_s')):
            tput, cpu = [], []
            for rep in sorted({r['rep'] for r in records}):
                mine = [r['result'] for r in records if r['rep'] == rep and r['server'] == name
                        and r['scenario'] == scen and 'result' in r]
                node = [r['result'] for r in records if r['rep'] == rep and r['server'] == 'node'
                        and r['scenario'] == scen and 'result' in r]
                if mine and node and mine[0].get(key) and node[0].get(key):
                    tput.append(mine[0][key] / node[0][key])
                    us_mine = mine[0].get('server_cpu_us_per_op')
                    us_node = node[0].get('server_cpu_us_per_op')
                    if us_mine and us_node:
                        cpu.append(us_node / us_mine)
            if tput:
                parts.append('%s %.2f× (by CPU %s; reps %s)' % (
                    scen, statistics.median(tput),
                    '%.2f×' % statistics.median(cpu) if cpu else '–',
                    ' '.join('%.2f' % x for x in tput)))
        lines.append('- %s: %s' % (name, '; '.join(parts)))
    lines.append('')
    lines.append('"×node by CPU" = Node\'s server CPU µs per operation / this server\'s: the '
                 'throughput ratio the two would have if each had the whole CPU (robust when '
                 'the load generator, not the server, is the limit, as in the ECDSA handshake '
                 'scenario).')
    lines.append('')
    lines.append('Medians of %d reps, %g s windows (%g s warm-up), echo %d conns × %d B, '
                 'handshakes %d in flight; %s certificate; pin %s.'
                 % (a.reps, a.duration, a.warmup, a.conns, a.msg_size, a.hs_conns,
                    a.key_type.upper(), a.pin))
    return '\n'.join(lines)


if __name__ == '__main__':
    sys.exit(main())
