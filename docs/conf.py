"""Sphinx configuration: the gnet reference (autodoc) and guides (MyST Markdown).

Built by ``tox -e docs`` as ``sphinx-build -W`` with ``nitpicky``: every
warning, and every cross-reference that does not resolve, fails the build.

Offline cross-references
------------------------
The build runs where only package registries are reachable, so intersphinx
cannot download Python's or gevent's ``objects.inv``. It reads the real
inventories that Debian ships instead (``python3.11-doc``,
``python-gevent-doc`` and ``python-greenlet-doc``; ``.ci/run`` installs them), and the links it makes
still point at the published docs. A missing inventory is an error with the
install command, not a silently weaker build: without it every reference to
``socket.socket`` or ``gevent.server.StreamServer`` would be unresolvable.
"""

import os
import sys


project = 'gnet'
author = 'the gnet authors'
copyright = '2026, the gnet authors'
release = '0.1.0'

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '_ext'))
extensions = [
    'sphinx.ext.autodoc',
    'sphinx.ext.intersphinx',
    'myst_parser',
    'camel_aliases',   # docs/_ext: Node's camelCase names, tabled from the code
    'program_help',    # docs/_ext: the gnet command's --help text
    'module_notes',    # docs/_ext: every other module's docstring
    'public_names',    # docs/_ext: every public name must have an entry
    'resolve_objects', # docs/_ext: a reference to gnet.socket.Socket finds gnet.Socket
]

source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
root_doc = 'index'
exclude_patterns = ['_build']

#: Every unresolved reference is a warning, and ``-W`` makes it an error.
nitpicky = True

# --- autodoc -----------------------------------------------------------------
autodoc_member_order = 'bysource'
autodoc_typehints = 'signature'
autodoc_class_signature = 'mixed'
#: Signatures come from the code, never from a docstring's first line (the
#: stdlib's ``makefile`` docstring starts with a pseudo-signature).
autodoc_docstring_signature = False
autodoc_default_options = {'members': True, 'show-inheritance': True}

#: Bases that are not documented anywhere we can link to. gunicorn's docs
#: publish no inventory that is installed here (nor packaged by Debian).
nitpick_ignore = [
    ('py:class', 'gunicorn.workers.base.Worker'),
    ('py:class', 'gunicorn.app.base.BaseApplication'),
    # The C base class of socket.socket (what accept() gives gnet's server);
    # Python's docs describe it only as socket.socket.
    ('py:class', '_socket.socket'),
]

# --- MyST (the guides are Markdown) -----------------------------------------------
myst_heading_anchors = 3
myst_enable_extensions = ['colon_fence']

# --- intersphinx, offline ---------------------------------------------------------
#: name -> (published docs, the inventory Debian ships, the Debian package).
_INVENTORIES = {
    'python': ('https://docs.python.org/3.11',
               '/usr/share/doc/python3.11/html/objects.inv', 'python3.11-doc'),
    'gevent': ('https://www.gevent.org',
               '/usr/share/doc/python-gevent-doc/html/objects.inv', 'python-gevent-doc'),
    'greenlet': ('https://greenlet.readthedocs.io/en/latest',
                 '/usr/share/doc/python-greenlet-doc/html/objects.inv', 'python-greenlet-doc'),
}
_missing = [package for _, path, package in _INVENTORIES.values() if not os.path.exists(path)]
if _missing:
    raise RuntimeError(
        'the docs build reads the Python and gevent object inventories offline; '
        'install them first: apt-get install %s' % ' '.join(_missing))
intersphinx_mapping = {name: (url, path) for name, (url, path, _) in _INVENTORIES.items()}
intersphinx_timeout = 1

# --- HTML -------------------------------------------------------------------------
html_theme = 'alabaster'
html_theme_options = {'page_width': '1160px', 'sidebar_width': '240px'}
html_title = 'gnet %s' % release
html_static_path = []


def _public_bases(app, name, obj, options, bases):
    """Show a private base class (``_FixedMessage``) as its own bases instead."""
    expanded = []
    for base in bases:
        if base.__name__.startswith('_') and base.__module__.startswith('gnet'):
            expanded.extend(b for b in base.__bases__ if b not in expanded)
        elif base not in expanded:
            expanded.append(base)
    bases[:] = expanded


def setup(app):
    app.connect('autodoc-process-bases', _public_bases)
