"""Gunicorn settings of one web host (installed as /etc/bjpermit/gunicorn.conf.py; see
docs/operations.md). Sync workers, one per core: every request is short (the longest are the PDF
and xlsx downloads), and a sync worker holds one persistent database connection (CONN_MAX_AGE)."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
# Loopback on a single machine; a web host behind a balancer on another machine binds its private
# address (GUNICORN_BIND=10.0.0.11:8000). Never a public address: the app trusts X-Forwarded-Proto.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = multiprocessing.cpu_count()
timeout = 60  # a worker stuck this long is killed and replaced
graceful_timeout = 30  # systemctl reload/stop: requests in flight may finish
max_requests = 2000  # recycle workers now and then (fragmentation), not all at once:
max_requests_jitter = 200
# No access log here: nginx writes the one access log, without the query strings of /verify,
# /progress and /search (security decision 15); gunicorn's would record them.
accesslog = None
errorlog = "-"  # stderr → the journal
loglevel = "info"
# Headers nginx sets; gunicorn takes https from X-Forwarded-Proto only when it comes from here.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "bjpermit-web"
