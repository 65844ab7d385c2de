"""gunicorn settings for factcheck, used by bin/run and by production (deploy/factcheck.service).

Threaded workers (gthread): a worker's main thread keeps beating to the master while its request
threads stream a long export, so the worker timeout only catches a worker that is really stuck and
never needs raising for big exports. SIGHUP to the master reloads this file and replaces the
workers gracefully; SIGTERM lets running requests finish for ``graceful_timeout`` seconds.
Every value can be overridden from the environment (GUNICORN_CMD_ARGS, or the variables below).
"""

import ctypes
import os
import signal
import sys

wsgi_app = "factcheck.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Two processes per core keep the cores busy while threads wait on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# Heartbeat timeout, not a request limit (see above).
timeout = 30
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# Behind a proxy on this machine (nginx, a load balancer's agent): trust its X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server: object, worker: object) -> None:
    """A worker whose master is killed outright stops too, instead of holding the port."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
