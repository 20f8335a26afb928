"""Deployment: the ``gnet`` command, the gunicorn worker and systemd.

One concept: running a gnet server as a service. :mod:`gnet.deploy.cli`
is ``gnet serve`` (arguments, the single process); :mod:`gnet.deploy.gunicorn`
the ``GnetWorker`` that ``--workers`` (and ``gunicorn -k
gnet.gunicorn.GnetWorker``) run. Both share :mod:`~gnet.deploy.target`
(what TARGET names, and the Server built for it),
:mod:`~gnet.deploy.listen` (where to listen, Node's error text),
:mod:`~gnet.deploy.logs` (the log lines), :mod:`~gnet.deploy.drain` (the
graceful stop); :mod:`~gnet.deploy.preflight` makes ``--workers`` fail as
one process does; :mod:`gnet.deploy.systemd` is socket activation and
``sd_notify``. The core (:mod:`gnet.server`, :mod:`gnet.socket`) never
imports this package.
"""
