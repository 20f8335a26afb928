"""Deployment: the ``gnet`` command, the gunicorn worker and systemd.

One concept: running a gnet server as a service. :mod:`gnet.deploy.cli`
is ``gnet serve``; :mod:`gnet.deploy.gunicorn` the ``GnetWorker`` that
``--workers`` (and ``gunicorn -k gnet.gunicorn.GnetWorker``) run;
:mod:`gnet.deploy.systemd` socket activation and ``sd_notify``. The core
(:mod:`gnet.server`, :mod:`gnet.socket`) never imports this package.
"""
