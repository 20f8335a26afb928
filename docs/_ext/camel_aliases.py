"""Sphinx extension: Node's camelCase aliases, listed from the code.

gnet defines each class's camelCase names in one table
(:func:`gnet.emitter.camel_aliases`); an alias is the very same function or
property object as its snake_case name. This extension

* keeps autodoc from documenting an alias a second time
  (``autodoc-skip-member``), and
* adds the directive ``.. camel-aliases:: gnet.Server``, a two-column table
  (Node's name, gnet's name) read from the class or module itself, so the
  table cannot drift from the code.
"""

import importlib
import re

from docutils import nodes
from docutils.parsers.rst import Directive

_CAMEL = re.compile(r'^[a-z]+[A-Z]')


def _snake_twin(owner, name, value):
    """The snake_case name *value* is bound to on *owner*, if *name* is its alias."""
    if not _CAMEL.match(name):
        return None
    namespace = vars(owner)
    for other, candidate in namespace.items():
        if candidate is value and other != name and not _CAMEL.match(other) \
                and not other.startswith('_'):
            return other
    return None


def _aliases(owner):
    """``[(camel, snake)]`` for every alias defined on *owner* (class or module)."""
    found = []
    for name, value in vars(owner).items():
        twin = _snake_twin(owner, name, value)
        if twin is not None:
            found.append((name, twin))
    return sorted(found)


def _resolve(path):
    module_name, _, attribute = path.rpartition('.')
    try:
        return importlib.import_module(path)
    except ImportError:
        return getattr(importlib.import_module(module_name), attribute)


def _defined_name(value):
    """The name a function (or a property's getter) was defined with."""
    function = getattr(value, 'fget', value)
    return getattr(function, '__name__', None)


def _skip_alias(app, what, name, obj, skip, options):
    """Skip a camelCase member that is another name's function or property."""
    defined = _defined_name(obj)
    if _CAMEL.match(name) and defined is not None and defined != name \
            and not _CAMEL.match(defined):
        return True
    return None


class CamelAliases(Directive):
    """``.. camel-aliases:: dotted.path``: Node's names and gnet's, as a table."""

    required_arguments = 1

    def run(self):
        owner = _resolve(self.arguments[0])
        rows = _aliases(owner)
        if not rows:
            raise self.error('%s defines no camelCase aliases' % self.arguments[0])
        table = nodes.table()
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        group += head
        head += self._row('Node (alias)', 'gnet')
        body = nodes.tbody()
        group += body
        for camel, snake in rows:
            body += self._row(camel, snake, literal=True)
        return [table]

    @staticmethod
    def _row(left, right, literal=False):
        row = nodes.row()
        for text in (left, right):
            entry = nodes.entry()
            entry += nodes.paragraph('', '', nodes.literal(text, text) if literal
                                     else nodes.Text(text))
            row += entry
        return row


def setup(app):
    app.connect('autodoc-skip-member', _skip_alias)
    app.add_directive('camel-aliases', CamelAliases)
    return {'parallel_read_safe': True}
