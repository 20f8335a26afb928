"""``python -m gnet``: the ``gnet`` command (see :mod:`gnet.cli`)."""

import sys

from gnet.cli import main

__all__ = ['main']

if __name__ == '__main__':
    sys.exit(main())
