"""gunicorn's settings for Improvement Tracker (`gunicorn --config deploy/gunicorn.conf.py`).

Each instance (systemd `tracker-web@PORT`) is given its port with `--bind`; nginx spreads the
requests over the instances (deploy/nginx/improvement-tracker.conf). Environment variables
override: WEB_CONCURRENCY (worker processes), GUNICORN_TIMEOUT (seconds).
"""

import os

# Sync workers: a request is one process's whole attention, as Django's ORM expects. Two per
# instance suit a small host; give more where there are more cores.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A board paper is made by the queue worker, but a plan PDF is made in the request
# (decision 0013): allow it time, a little less than nginx's proxy_read_timeout.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "110"))
graceful_timeout = 30
# Workers are replaced now and then, so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# nginx on the same host adds X-Forwarded-For / X-Forwarded-Proto (in a container, set
# FORWARDED_ALLOW_IPS to the proxy's address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn 24+ opens a control socket at ~/.gunicorn/gunicorn.ctl: one path for every instance
# of a user, so the second instance would take the first one's. systemd controls the instances.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
