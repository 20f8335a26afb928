"""Sphinx extension: ``.. program-help:: module:function [subcommand]``.

Prints the ``--help`` text of an ``argparse`` parser, built by calling
``module.function()``, as a literal block, so the command-line reference is
the program's own text and cannot drift from it.
"""

import importlib
import os

from docutils import nodes
from docutils.parsers.rst import Directive


def _help_text(spec, subcommand=None):
    module_name, _, function = spec.partition(':')
    parser = getattr(importlib.import_module(module_name), function)()
    if subcommand is not None:
        for action in parser._subparsers._group_actions:
            if subcommand in action.choices:
                parser = action.choices[subcommand]
                break
        else:
            raise ValueError('%s has no subcommand %r' % (spec, subcommand))
    return parser.format_help()


class ProgramHelp(Directive):
    required_arguments = 1
    optional_arguments = 1

    def run(self):
        os.environ['COLUMNS'] = '80'  # argparse wraps to the terminal's width
        try:
            text = _help_text(*self.arguments)
        except (ImportError, AttributeError, ValueError) as exc:
            raise self.error('program-help: %s' % exc)
        return [nodes.literal_block(text, text)]


def setup(app):
    app.add_directive('program-help', ProgramHelp)
    return {'parallel_read_safe': True}
