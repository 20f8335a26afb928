"""Sphinx extension: resolve a Python reference through the object it names.

gnet documents each public object once, under the name users import it by
(``gnet.Socket``, ``gnet.Socket.write``), while docstrings inside the package
name the same objects by where they live (``gnet.socket.Socket``,
``Socket.write`` in :mod:`gnet.socket.net`, a mixin's ``Writable.write``).
When a reference finds no entry by name, this imports what it names and, if
that very object is documented under another name, links there. A name that
imports nothing, or an object with no entry, still warns (an error under
``-W``).

References to private names (``Readable._pump``, a leading underscore in
the last part) are rendered as code without a link: private helpers are
not in the reference by design.
"""

import importlib

_by_id = {}


def _import(path):
    """The object at dotted *path*, or None."""
    parts = path.split('.')
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module('.'.join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attribute in parts[cut:]:
                obj = getattr(obj, attribute)
        except AttributeError:
            return None
        return obj
    return None


def _documented(env):
    """``{id(object): documented name}`` for every documented Python object."""
    key = id(env)
    if key not in _by_id:
        table = {}
        for name in env.get_domain('py').objects:
            obj = _import(name)
            # (identity says nothing for small shared values: numbers, strings, empty containers)
            if obj is not None and not isinstance(obj, (str, int, float, type(None))) \
                    and not (isinstance(obj, (tuple, dict, list, set, frozenset)) and not obj):
                table.setdefault(id(getattr(obj, '__func__', obj)), name)
        _by_id.clear()
        _by_id[key] = table
    return _by_id[key]


def _candidates(node):
    target = node['reftarget'].lstrip('.~')
    module, cls = node.get('py:module'), node.get('py:class')
    yield target
    if module and cls:
        yield '%s.%s.%s' % (module, cls, target)
    if module:
        yield '%s.%s' % (module, target)


def _missing_reference(app, env, node, contnode):
    if node.get('refdomain') != 'py':
        return None
    last = node['reftarget'].rsplit('.', 1)[-1]
    if last.startswith('_') and not last.startswith('__'):
        return contnode
    table = _documented(env)
    for path in _candidates(node):
        obj = _import(path)
        if obj is None:
            continue
        name = table.get(id(getattr(obj, '__func__', obj)))
        if name is None:
            continue
        domain = env.get_domain('py')
        return domain.resolve_xref(env, node.get('refdoc'), app.builder, node['reftype'],
                                   name, node, contnode)
    return None


def setup(app):
    app.connect('missing-reference', _missing_reference)
    return {'parallel_read_safe': True}
