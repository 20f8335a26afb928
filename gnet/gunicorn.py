"""Alias of :mod:`gnet.deploy.gunicorn`, kept for gunicorn command lines.

``gunicorn -k gnet.gunicorn.GnetWorker`` is the worker class users put in
their command lines and config files, so this path stays importable.
"""

from gnet.deploy.gunicorn import GnetApplication, GnetWorker, run_workers

__all__ = ['GnetApplication', 'GnetWorker', 'run_workers']
