"""Sphinx extension: every public name has a reference entry (else a warning).

The reference is written with autodoc, which leaves out a member that has
no docstring, and a name added to a module's ``__all__`` needs a line in a
reference page. Both would silently shrink the reference; this check turns
them into warnings, which ``-W`` makes errors. For each module of
:data:`PUBLIC_MODULES` it requires an entry for every name of its ``__all__``
and, for each public class among them, for every public member the class
itself defines (camelCase aliases excepted: they are tabled, not repeated).
"""

import importlib
import inspect
import re

from sphinx.util import logging

_log = logging.getLogger(__name__)

#: The modules whose ``__all__`` is the public API the reference covers.
PUBLIC_MODULES = (
    'gnet', 'gnet.tls', 'gnet.errors', 'gnet.events', 'gnet.typedefs', 'gnet.proxy',
    'gnet.legacy', 'gnet.deploy.cli', 'gnet.deploy.target', 'gnet.deploy.gunicorn',
    'gnet.deploy.systemd',
)

_CAMEL = re.compile(r'^[a-z]+[A-Z]')


def public_objects():
    """``{id(object)}`` of every name in a public module's ``__all__``."""
    found = set()
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        found.update(id(getattr(module, name)) for name in module.__all__)
    return found


def _documented_names(env):
    objects = env.get_domain('py').objects
    names = set(objects)
    for entry in objects.values():  # canonical names of documented aliases
        names.add(entry.node_id)
    return names


def _is_alias(name, value):
    """A camelCase name bound to a snake_case function or property (tabled, not repeated)."""
    function = getattr(value, 'fget', value)
    defined = getattr(function, '__name__', None)
    return bool(_CAMEL.match(name)) and defined is not None and defined != name


def _member_names(cls, public):
    """The public members *cls* documents: its own and its private mixins'.

    The classes of its MRO are walked up to the first one that is public
    itself (whose entry documents the rest). Left out: camelCase aliases,
    nested classes, and members overriding a public base class's.
    """
    own = []
    for klass in cls.__mro__:
        if klass is object or (klass is not cls and (id(klass) in public
                                                     or not klass.__module__.startswith('gnet'))):
            break
        own.append(klass)
    bases = [base for base in cls.__mro__ if base not in own and base is not object]
    seen = set()
    for klass in own:
        for name, value in vars(klass).items():
            if name in seen or name.startswith('_') or _is_alias(name, value) \
                    or inspect.isclass(value):
                continue
            seen.add(name)
            if not any(name in vars(base) for base in bases):
                yield name


def _check(app, env):
    documented = _documented_names(env)
    public = public_objects()
    checked = set()  # a class exported twice (``Stream = Socket``) is checked once
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, '__all__', ()):
            value = getattr(module, name)
            if _is_alias(name, value):
                continue
            path = '%s.%s' % (module_name, name)
            if inspect.ismodule(value):
                path = value.__name__
            if path not in documented:
                _log.warning('public name %s has no reference entry', path)
                continue
            if inspect.isclass(value) and value.__module__.startswith('gnet') \
                    and id(value) not in checked:
                checked.add(id(value))
                for member in _member_names(value, public):
                    if '%s.%s' % (path, member) not in documented:
                        _log.warning('public member %s.%s has no reference entry '
                                     '(a docstring is needed)', path, member)


def setup(app):
    app.connect('env-check-consistency', _check)
    return {'parallel_read_safe': True}
