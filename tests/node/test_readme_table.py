"""The table in tests/node/README.md matches the port files, so it cannot drift.

Every row names a Node test and a status; a ported row (or one that
differs on purpose) names a file that exists here and whose docstring names
that Node test; a not-applicable row has no file and gives a reason; and
every ``test_net_*.py`` / ``test_pipe_*.py`` file here has a row; and the
table has as many ★ and ☆ rows as the README's text says.
"""

import ast
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(HERE, 'README.md')
STATUSES = ('ported', 'differs on purpose', 'not applicable')
NODE_TEST = re.compile(r'^test/(parallel|sequential)/(test-[a-z0-9-]+)\.m?js$')


def _rows():
    rows = []
    with open(README, encoding='utf-8') as readme:
        for line in readme:
            cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
            if len(cells) == 5 and NODE_TEST.match(cells[0]):
                rows.append(dict(zip(('node', 'mark', 'status', 'port', 'notes'), cells)))
    return rows


def _port_files():
    return sorted(name for name in os.listdir(HERE)
                  if re.match(r'^test_(net|pipe)_[a-z0-9_]+\.py$', name))


def _expected_file(node_test):
    base = NODE_TEST.match(node_test).group(2)
    return base.replace('-', '_') + '.py'


def test_every_row_is_well_formed():
    rows = _rows()
    assert rows, 'no table rows found in README.md'
    names = [row['node'] for row in rows]
    assert len(names) == len(set(names)), 'a Node test has two rows'
    for row in rows:
        assert row['mark'] in ('★', '☆'), row
        assert row['status'] in STATUSES, row
        if row['status'] == 'not applicable':
            assert row['port'] in ('', '—', '-'), row
            assert row['notes'], 'a not-applicable row needs its reason: %r' % row
        else:
            assert row['port'] == _expected_file(row['node']), row


def test_every_row_file_exists_and_names_its_node_test():
    for row in _rows():
        if row['status'] == 'not applicable':
            continue
        path = os.path.join(HERE, row['port'])
        assert os.path.isfile(path), 'missing port file %s' % row['port']
        with open(path, encoding='utf-8') as source:
            docstring = ast.get_docstring(ast.parse(source.read())) or ''
        assert row['node'] in docstring.splitlines()[0], \
            '%s: the docstring does not name %s' % (row['port'], row['node'])
        if row['status'] == 'differs on purpose':
            assert 'difference' in docstring, \
                '%s: the docstring must say where gnet differs on purpose' % row['port']


def test_every_port_file_has_a_row():
    listed = {row['port'] for row in _rows()}
    unlisted = [name for name in _port_files() if name not in listed]
    assert not unlisted, 'port files without a README row: %s' % unlisted


def test_table_has_the_counts_the_readme_states():
    with open(README, encoding='utf-8') as readme:
        text = ' '.join(readme.read().split())
    stated = re.search(r'the (\d+) marked ★ .*? the (\d+) marked ☆', text)
    assert stated, 'README.md no longer states how many tests are marked ★ and ☆'
    marks = [row['mark'] for row in _rows()]
    assert (marks.count('★'), marks.count('☆')) == (int(stated.group(1)), int(stated.group(2)))
