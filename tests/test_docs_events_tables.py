"""The events tables of the reference (docs/reference/events-tables.md) cover every event.

Every ``emit`` in gnet's source (found statically: ``x.emit('name', ...)``,
``_emit_later('name', ...)``, ``_defer(self.emit, 'name', ...)``, ...) must
have a row in some table, with at least as many listener arguments as the
call passes; and each table row is an event something emits, so the
tables neither miss an event nor keep one that is gone.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / 'docs' / 'reference' / 'events-tables.md'

_ROW = re.compile(r"^\| `'(?P<event>[A-Za-z]+)'` \| (?P<args>[^|]+) \|")
_LABEL = re.compile(r'^\((?P<label>[a-z-]+)\)=$')


def documented():
    """``{label: {event: listener argument names}}`` read from the tables."""
    tables, label = {}, None
    for line in TABLES.read_text(encoding='utf-8').splitlines():
        heading = _LABEL.match(line.strip())
        if heading:
            label = heading.group('label')
            tables[label] = {}
            continue
        row = _ROW.match(line)
        if row and label is not None:
            args = row.group('args').strip()
            names = [] if args == '—' else [a.strip() for a in args.strip('`').split(',')]
            assert row.group('event') not in tables[label], line
            tables[label][row.group('event')] = names
    return tables


def _is_emit(func):
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', '')
    return 'emit' in name


def emitted():
    """``{event: {argument counts}}`` for every emit call in gnet's source."""
    found = {}
    for path in sorted((ROOT / 'gnet').rglob('*.py')):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if not isinstance(node, ast.Call):
                continue
            args = node.args
            if _is_emit(node.func):
                start = 0
            else:  # a callback taking the emit itself: _defer(self.emit, 'error', err)
                start = next((i + 1 for i, a in enumerate(args) if _is_emit(a)), None)
                if start is None:
                    continue
            names = [i for i in range(start, len(args))
                     if isinstance(args[i], ast.Constant) and isinstance(args[i].value, str)]
            if not names or any(isinstance(a, ast.Starred) for a in args):
                continue
            rest = args[names[0] + 1:]
            count = len(rest[0].elts) if len(rest) == 1 and isinstance(rest[0], ast.Tuple) \
                else len(rest)
            found.setdefault(args[names[0]].value, set()).add(count)
    return found


def test_the_scan_finds_events_of_every_kind_of_call():
    events = emitted()
    assert events['close'] == {0, 1}             # the server's, the socket's
    assert 1 in events['error']                  # _defer(self.emit, 'error', error) too
    assert events['lookup'] == {4}
    assert 'secureConnection' in events and 'proxyError' in events


def test_every_emitted_event_has_a_row_with_enough_listener_arguments():
    tables = documented()
    rows = {}
    for table in tables.values():
        for event, names in table.items():
            rows.setdefault(event, []).append(len(names))
    missing = {}
    for event, counts in emitted().items():
        if event not in rows:
            missing[event] = 'no row'
        elif max(counts) > max(rows[event]):
            missing[event] = 'emitted with %d arguments, documented with %d' % (
                max(counts), max(rows[event]))
    assert missing == {}


def test_every_row_is_an_event_gnet_emits():
    events = emitted()
    stale = sorted(event for table in documented().values() for event in table
                   if event not in events)
    assert stale == []


def test_one_table_per_class_and_snake_case_arguments():
    tables = documented()
    assert {'server-events', 'socket-events', 'tls-server-events',
            'tls-socket-events'} <= set(tables)
    for table in tables.values():
        for names in table.values():
            assert all(re.fullmatch(r'[a-z_]+', name) for name in names), names
