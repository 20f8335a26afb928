"""Alias of :mod:`gnet.deploy.systemd` (the module's path before 0.2)."""

from gnet.deploy.systemd import (SD_LISTEN_FDS_START, listen_fds, listen_fds_with_names,
                                 sd_notify)

__all__ = ['SD_LISTEN_FDS_START', 'listen_fds', 'listen_fds_with_names', 'sd_notify']
