"""gunicorn settings for production.

Start: `gunicorn -c python:harzquiz.gunicorn_conf 'harzquiz:create_app()'`.

Every value can be overridden with an environment variable (HARZQUIZ_BIND, HARZQUIZ_WORKERS,
HARZQUIZ_THREADS, HARZQUIZ_TIMEOUT, HARZQUIZ_LOG_LEVEL), or on gunicorn's command line.
The app keeps no state in its processes (PostgreSQL holds the data, Redis the rate-limit
counters), so workers and app servers can be added freely.
"""

from __future__ import annotations

import multiprocessing
import os

from harzquiz.web.logs import logging_config


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("HARZQUIZ_BIND", "127.0.0.1:8000")
# Workers are processes: one crashing (or being killed) loses only its in-flight requests.
workers = _int("HARZQUIZ_WORKERS", multiprocessing.cpu_count() * 2 + 1)
# A few threads per worker cover requests waiting on the database.
worker_class = "gthread"
threads = _int("HARZQUIZ_THREADS", 4)
timeout = _int("HARZQUIZ_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (a slow leak anywhere cannot grow for ever); jitter keeps
# them from restarting together.
max_requests = 2000
max_requests_jitter = 200
# No preload: each worker opens its own database connections after the fork.
preload_app = False
# The app's own ProxyFix (HARZQUIZ_PROXY_HOPS) decides which forwarded headers to believe.
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
# gunicorn's default logs the request line with its query string (%(r)s) and the Referer
# (%(f)s): both can carry an embed's `t` session token. The path only (%(U)s), no referrer.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'
logconfig_dict = logging_config(os.environ.get("HARZQUIZ_LOG_LEVEL", "INFO"))
