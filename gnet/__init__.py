"""gnet: Node.js's ``net`` module for Python on gevent.

Public names only; each lives in its own module:
:mod:`gnet.server` (Server, create_server), :mod:`gnet.socket` (Socket),
:mod:`gnet.client` (connect), :mod:`gnet.emitter` (EventEmitter),
:mod:`gnet.events` (zope.event classes), :mod:`gnet.errors`.
"""

from typing import TYPE_CHECKING, Any

from gnet import errors, events
from gnet.abort import AbortController, AbortSignal
from gnet.autoselect import (get_default_auto_select_family,
                             get_default_auto_select_family_attempt_timeout,
                             set_default_auto_select_family,
                             set_default_auto_select_family_attempt_timeout)
from gnet.blocklist import BlockList, SocketAddress
from gnet.client import connect, create_connection
from gnet.emitter import EventEmitter
from gnet.ip import is_ip, is_ipv4, is_ipv6
from gnet.loop import run
from gnet.create import create_server
from gnet.server import Server
from gnet.socket import Socket

if TYPE_CHECKING:  # reached lazily at run time (see __getattr__ below)
    from gnet import deploy, legacy, proxy, tls
    from gnet.deploy.systemd import listen_fds

createServer = create_server
createConnection = create_connection
isIP = is_ip
isIPv4 = is_ipv4
isIPv6 = is_ipv6
Stream = Socket  # Node's net.Stream
getDefaultAutoSelectFamily = get_default_auto_select_family
setDefaultAutoSelectFamily = set_default_auto_select_family
getDefaultAutoSelectFamilyAttemptTimeout = get_default_auto_select_family_attempt_timeout
setDefaultAutoSelectFamilyAttemptTimeout = set_default_auto_select_family_attempt_timeout

__all__ = [
    'AbortController', 'AbortSignal', 'BlockList', 'SocketAddress', 'EventEmitter', 'Server', 'Socket',
    'connect', 'create_connection', 'createConnection', 'create_server',
    'createServer', 'errors', 'events', 'is_ip', 'is_ipv4', 'is_ipv6', 'isIP',
    'isIPv4', 'isIPv6', 'run', 'Stream',
    'get_default_auto_select_family', 'set_default_auto_select_family',
    'get_default_auto_select_family_attempt_timeout',
    'set_default_auto_select_family_attempt_timeout', 'getDefaultAutoSelectFamily',
    'setDefaultAutoSelectFamily', 'getDefaultAutoSelectFamilyAttemptTimeout',
    'setDefaultAutoSelectFamilyAttemptTimeout', 'listen_fds', 'tls', 'proxy', 'deploy', 'legacy',
]

# Subpackages and deployment helpers, imported on first use so that
# ``import gnet`` loads only the core (``gnet.tls`` pulls in ssl, and
# ``gnet.deploy`` is never needed by a library user).
_LAZY_MODULES = {'tls': 'gnet.tls', 'proxy': 'gnet.proxy', 'deploy': 'gnet.deploy',
                 'legacy': 'gnet.legacy'}
_LAZY_NAMES = {'listen_fds': ('gnet.deploy.systemd', 'listen_fds')}


def __getattr__(name: str) -> Any:
    import importlib
    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name])
    if name in _LAZY_NAMES:
        module, attribute = _LAZY_NAMES[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
