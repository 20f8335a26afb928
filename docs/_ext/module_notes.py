"""Sphinx extension: ``.. module-notes:: gnet``, every other module's docstring.

Each gnet module opens with a docstring saying which one concept lives
there, how it works and why. The reference pages document the public
modules member by member; this directive adds every remaining module of the
package (found by walking it, so a new module cannot be forgotten) with its
docstring only, under its own heading. Option ``:exclude:`` names the modules
documented elsewhere.
"""

import importlib
import inspect
import pkgutil

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList
from sphinx.util.nodes import nested_parse_with_titles


def _modules(package_name):
    package = importlib.import_module(package_name)
    names = [package_name]
    for info in pkgutil.walk_packages(package.__path__, package_name + '.'):
        names.append(info.name)
    return sorted(names)


def _shadowed(name):
    """A module whose name a parent package's attribute takes (``gnet.tls.connect``)."""
    parent, _, last = name.rpartition('.')
    value = getattr(importlib.import_module(parent), last, None) if parent else None
    return value is not None and not inspect.ismodule(value)


def _own_classes(module):
    """Classes defined in *module* that no public module exports (mixins, helpers)."""
    from public_names import public_objects  # the same list the entries check uses
    public = public_objects()
    for name, value in vars(module).items():
        if inspect.isclass(value) and value.__module__ == module.__name__ \
                and not name.startswith('_') and id(value) not in public:
            yield name


def _own_functions(module):
    """Functions *module* lists in ``__all__`` that no public module exports."""
    from public_names import public_objects
    public = public_objects()
    for name in getattr(module, '__all__', ()):
        value = getattr(module, name, None)
        if inspect.isfunction(value) and value.__module__ == module.__name__ \
                and id(value) not in public:
            yield name


def _own_data(module):
    """Constants *module* lists in ``__all__`` and documents itself with ``#:`` comments."""
    from sphinx.pycode import ModuleAnalyzer
    documented = {name for (scope, name) in
                  ModuleAnalyzer.for_module(module.__name__).find_attr_docs() if not scope}
    for name in getattr(module, '__all__', ()):
        value = getattr(module, name, None)
        if name in documented and not (inspect.isfunction(value) or inspect.isclass(value)
                                       or inspect.ismodule(value)):
            yield name


class ModuleNotes(Directive):
    required_arguments = 1
    option_spec = {'exclude': directives.unchanged}

    def run(self):
        excluded = set((self.options.get('exclude') or '').split())
        lines = []
        for name in _modules(self.arguments[0]):
            if name in excluded or name.endswith('.__main__'):
                continue
            title = '``%s``' % name
            lines += [title, '-' * len(title), '',
                      '.. automodule:: %s' % name, '   :no-members:']
            if _shadowed(name):  # its name is the function's entry
                lines.append('   :no-index:')
            lines.append('')
            module = importlib.import_module(name)
            for cls in _own_classes(module):
                lines += ['.. autoclass:: %s.%s' % (name, cls), '   :no-members:', '']
            for function in _own_functions(module):
                lines += ['.. autofunction:: %s.%s' % (name, function), '']
            for data in _own_data(module):
                lines += ['.. autodata:: %s.%s' % (name, data), '   :no-value:', '']
        content = StringList(lines, source='module-notes')
        section = nodes.section()
        section.document = self.state.document
        nested_parse_with_titles(self.state, content, section)
        return section.children


def setup(app):
    app.add_directive('module-notes', ModuleNotes)
    return {'parallel_read_safe': True}
