"""Every public function and method of gnet's public API is fully annotated.

mypy checks the annotations that exist (``tox -e typecheck``, strict on the
modules that are done); this test makes sure none is missing on the public
surface, including in the implementation modules mypy does not yet check
strictly: every parameter (but ``self``/``cls``) and every return of each
name in a public module's ``__all__`` and of each public member its classes
define.
"""

import ast
import configparser
import importlib
import inspect
import re
from pathlib import Path

import pytest

#: The public modules (the same list the docs build checks for entries).
PUBLIC_MODULES = (
    'gnet', 'gnet.tls', 'gnet.errors', 'gnet.events', 'gnet.typedefs', 'gnet.proxy',
    'gnet.legacy', 'gnet.deploy.cli', 'gnet.deploy.target', 'gnet.deploy.gunicorn',
    'gnet.deploy.systemd',
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
        elif inspect.isfunction(value) and value.__module__.startswith('gnet'):
            # (a function borrowed from the stdlib, as makefile is, has its own)
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


# --- the modules mypy checks strictly ------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def _strict_modules():
    """The module names of setup.cfg's strict mypy section (see tox -e typecheck)."""
    config = configparser.ConfigParser()
    config.read(ROOT / 'setup.cfg')
    for section in config.sections():
        if section.startswith('mypy-') and config[section].get('disallow_untyped_defs') == 'True':
            return [name.strip() for name in section[len('mypy-'):].split(',')]
    raise AssertionError('setup.cfg has no strict mypy section')


def _module_path(name):
    if name == 'typed_client':
        return ROOT / 'examples' / 'typed_client.py'
    path = ROOT.joinpath(*name.split('.'))
    return path / '__init__.py' if path.is_dir() else path.with_suffix('.py')


def _unannotated(path):
    """``'line: name'`` of each function in *path* missing an annotation (mypy's
    disallow_untyped_defs / disallow_incomplete_defs, checked without mypy)."""
    tree = ast.parse(path.read_text(encoding='utf-8'))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        if arguments and arguments[0].arg in ('self', 'cls'):
            arguments = arguments[1:]
        arguments += [a for a in (node.args.vararg, node.args.kwarg) if a is not None]
        if node.returns is None or any(a.annotation is None for a in arguments):
            found.append('%d: %s' % (node.lineno, node.name))
    return found


STRICT = _strict_modules()


def test_the_strict_list_names_real_modules():
    assert 'gnet.errors' in STRICT and 'typed_client' in STRICT
    for name in STRICT:
        assert _module_path(name).is_file(), name


@pytest.mark.parametrize('name', STRICT)
def test_every_function_of_a_strict_module_is_annotated(name):
    """A new function in a module mypy checks strictly needs annotations too
    (else ``tox -e typecheck`` fails): this says which, without running mypy."""
    assert _unannotated(_module_path(name)) == []
