"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every setting can be overridden on the command line. No request runs long (académie
exports, imports and recalculations are jobs), so the timeout stays short.
"""
import multiprocessing
import os

bind = os.environ.get("REGISTRE_BIND", "127.0.0.1:8000")
# Two processes per core plus one; each keeps its own pool of database connections.
workers = int(os.environ.get("REGISTRE_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A request taking longer than this is a bug: gunicorn kills the worker and logs it.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory). Only with Redis: without it, jobs run in threads of
# the web workers, which a recycled worker would interrupt.
max_requests = 2000 if os.environ.get("REGISTRE_REDIS_URL") else 0
max_requests_jitter = 200
# Behind the local TLS reverse proxy: trust its X-Forwarded-* headers only.
forwarded_allow_ips = os.environ.get("REGISTRE_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log on standard output, without query strings (searches, filters, tokens):
# the path (%(U)s) instead of the request line (%(r)s).
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = "info"
