"""Gunicorn settings for production: ``gunicorn --config gunicorn.conf.py 'crm:create_app()'``.

Web processes are stateless (signed-cookie sessions, the database is the truth), so capacity
grows with workers here and with hosts behind a load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("KLANTBEELD_BIND", "127.0.0.1:8000")
# Sync workers: every request is short and database-bound; 2 per core plus one is the usual start.
workers = int(os.environ.get("KLANTBEELD_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
preload_app = False
# Gunicorn 23+ opens a control socket at ~/.gunicorn/gunicorn.ctl; two instances on one host
# (a second app, a blue/green deploy, the load test) would fight over it, and nothing uses it.
control_socket_disable = True
accesslog = "-"
# The request line only: query strings can hold a BSN typed into the search box.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
