"""systemd integration without libsystemd: socket activation and sd_notify.

One concept lives here: the two environment protocols systemd speaks to a
service it starts, as documented in ``sd_listen_fds(3)`` and
``sd_notify(3)``:

* socket activation — systemd binds the sockets of a ``.socket`` unit and
  passes them as fds 3, 4, ... with ``LISTEN_FDS``, ``LISTEN_PID`` and
  ``LISTEN_FDNAMES``; :func:`listen_fds` returns them, and
  ``server.listen({'fd': fd})`` (``gnet serve --fd 3``) adopts one;
* readiness — with ``Type=notify`` systemd sets ``NOTIFY_SOCKET``, and
  :func:`sd_notify` sends it ``READY=1``, ``STOPPING=1``, ``STATUS=...``.

Both are no-ops outside systemd, so a program may call them always.
:class:`Notifier` is :func:`sd_notify` for a running service: a notify
socket that is missing or went away (systemd restarted, a stale
``NOTIFY_SOCKET``) is logged once and never stops the service.
"""

from __future__ import annotations

import logging
import os
import socket as _stdsocket

__all__ = ['listen_fds', 'listen_fds_with_names', 'sd_notify', 'Notifier', 'SD_LISTEN_FDS_START']

#: The first passed descriptor (sd-daemon.h).
SD_LISTEN_FDS_START = 3


def listen_fds(unset_environment: bool = True) -> list[int]:
    """The descriptors systemd passed to this process: ``[3, 4, ...]`` or ``[]``.

    As ``sd_listen_fds(3)``: only when ``LISTEN_PID`` is this process's
    pid (the variables are not meant for children); each fd is made
    close-on-exec. With *unset_environment* (the default) the three
    variables are removed, so a child process does not see them.
    """
    return [fd for fd, _name in listen_fds_with_names(unset_environment)]


def listen_fds_with_names(unset_environment: bool = True) -> list[tuple[int, str]]:
    """Like :func:`listen_fds`, as ``[(fd, name), ...]`` (``FileDescriptorName=``).

    A missing or short ``LISTEN_FDNAMES`` gives systemd's default name
    ``'unknown'``.
    """
    env = os.environ
    try:
        pid = int(env.get('LISTEN_PID', ''))
        count = int(env.get('LISTEN_FDS', ''))
    except ValueError:
        pid, count = None, 0
    names_text = env.get('LISTEN_FDNAMES', '')
    if unset_environment:
        for key in ('LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES'):
            env.pop(key, None)
    if pid != os.getpid() or count <= 0:
        return []
    names = names_text.split(':') if names_text else []
    fds: list[tuple[int, str]] = []
    for index in range(count):
        fd = SD_LISTEN_FDS_START + index
        os.set_inheritable(fd, False)  # sd_listen_fds sets FD_CLOEXEC
        fds.append((fd, names[index] if index < len(names) and names[index] else 'unknown'))
    return fds


def sd_notify(state: str | bytes, unset_environment: bool = False) -> bool:
    """Send *state* (``'READY=1'``, ``'STOPPING=1'``, ``'STATUS=...'``) to systemd.

    Returns True when sent, False when ``NOTIFY_SOCKET`` is not set (not
    under systemd, or not ``Type=notify``). A path starting with ``@`` is
    an abstract socket, as in ``sd_notify(3)``. Send errors propagate
    (``OSError``), since systemd then never hears that the service is ready.
    """
    address = os.environ.get('NOTIFY_SOCKET')
    if unset_environment:
        os.environ.pop('NOTIFY_SOCKET', None)
    if not address:
        return False
    if address[0] == '@':
        address = '\0' + address[1:]
    with _stdsocket.socket(_stdsocket.AF_UNIX, _stdsocket.SOCK_DGRAM) as sock:
        sock.sendto(state.encode() if isinstance(state, str) else state, address)
    return True


class Notifier:
    """``notify(state)``: :func:`sd_notify` that logs its first failure and never raises.

    Returns True when sent. A failure (``NOTIFY_SOCKET`` names a missing
    path, or the socket went away) is one ERROR naming ``NOTIFY_SOCKET``
    and saying what to do; later failures are silent, so a drain or a
    shutdown is never stopped by it.
    """

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._log = logger or logging.getLogger('gnet')
        self._failed = False

    def __call__(self, state: str) -> bool:
        try:
            return sd_notify(state)
        except OSError as exc:
            if not self._failed:
                self._failed = True
                self._log.error(
                    'cannot notify systemd (%s) at NOTIFY_SOCKET=%s: %s; serving goes on. Under '
                    'systemd (Type=notify) check that systemd still runs; elsewhere unset '
                    'NOTIFY_SOCKET', state.split('\n', 1)[0], os.environ.get('NOTIFY_SOCKET'),
                    exc.strerror or exc)
            return False
