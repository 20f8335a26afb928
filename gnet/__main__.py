"""``python -m gnet``: the ``gnet`` command (see :mod:`gnet.deploy.cli`)."""

import sys

from gnet.deploy.cli import main

__all__ = ['main']

if __name__ == '__main__':
    sys.exit(main())
