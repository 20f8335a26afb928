"""Every public function and method of gnet's public API is fully annotated.

mypy checks the annotations that exist (``tox -e typecheck``, strict on the
modules that are done); this test makes sure none is missing on the public
surface, including in the implementation modules mypy does not yet check
strictly: every parameter (but ``self``/``cls``) and every return of each
name in a public module's ``__all__`` and of each public member its classes
define.
"""

import importlib
import inspect
import re

import pytest

#: The public modules (the same list the docs build checks for entries).
PUBLIC_MODULES = (
    'gnet', 'gnet.tls', 'gnet.errors', 'gnet.events', 'gnet.typedefs', 'gnet.proxy',
    'gnet.legacy', 'gnet.deploy.cli', 'gnet.deploy.gunicorn', 'gnet.deploy.systemd',
)

_CAMEL = re.compile(r'^[a-z]+[A-Z]')


def _own_classes(cls, public):
    """*cls* and the private mixins it is made of, up to its first public base."""
    for klass in cls.__mro__:
        if klass is object or not klass.__module__.startswith('gnet') or \
                (klass is not cls and id(klass) in public):
            return
        yield klass


def _functions(owner):
    """``(qualified name, function)`` for the callables *owner* defines publicly."""
    for name, value in vars(owner).items():
        if (name.startswith('_') and name != '__init__') or _CAMEL.match(name):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, property):
            for accessor in (value.fget, value.fset):
                if accessor is not None:
                    yield '%s.%s' % (owner.__qualname__, name), accessor
        elif inspect.isfunction(value):
            yield '%s.%s' % (owner.__qualname__, name), value


def _public_functions():
    seen = set()
    public = {id(getattr(importlib.import_module(m), n))
              for m in PUBLIC_MODULES for n in importlib.import_module(m).__all__}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if _CAMEL.match(name) or inspect.ismodule(value) or id(value) in seen:
                continue
            seen.add(id(value))
            if inspect.isfunction(value):
                yield '%s.%s' % (module_name, name), value
            elif inspect.isclass(value) and value.__module__.startswith('gnet'):
                for klass in _own_classes(value, public):
                    for qualname, function in _functions(klass):
                        if id(function) not in seen:
                            seen.add(id(function))
                            yield '%s.%s' % (klass.__module__, qualname), function


def _missing(function):
    """The unannotated parameters of *function* (and 'return')."""
    signature = inspect.signature(function)
    missing = [name for index, (name, parameter) in enumerate(signature.parameters.items())
               if parameter.annotation is inspect.Parameter.empty
               and not (index == 0 and name in ('self', 'cls'))]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append('return')
    return missing


FUNCTIONS = dict(_public_functions())


def test_the_public_surface_is_found():
    assert 'gnet.create_server' in FUNCTIONS
    assert 'gnet.socket.writable.Writable.write' in FUNCTIONS
    assert any(name.endswith('EventEmitter.on') for name in FUNCTIONS)


@pytest.mark.parametrize('name', sorted(FUNCTIONS))
def test_public_function_is_fully_annotated(name):
    assert _missing(FUNCTIONS[name]) == []
