"""gunicorn settings for Mötesplats: `gunicorn -c deploy/gunicorn.conf.py`.

Everything is read from the environment (see deploy/motesplats.env.example), so the
same file serves every app server. Run from the repository root or anywhere:
paths are resolved from this file.
"""

import multiprocessing
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The equivalent of `--pythonpath site`: site/ holds the config and core packages.
chdir = str(ROOT)
pythonpath = str(ROOT / "site")
if pythonpath not in sys.path:
    # Also needed before the app loads, for the JSON log formatter below.
    sys.path.insert(0, pythonpath)
wsgi_app = "config.wsgi:application"
raw_env = [
    "DJANGO_SETTINGS_MODULE=" + os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.base")
]

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Synchronous workers: each handles one request at a time, so the count is the
# concurrency per server. 2 × cores + 1 is gunicorn's rule of thumb. Without REDIS_URL
# the cache is each process's memory, where a change retires cached pages and values
# in that process alone: then one worker, unless WEB_CONCURRENCY says otherwise.
default_workers = multiprocessing.cpu_count() * 2 + 1 if os.environ.get("REDIS_URL") else 1
workers = int(os.environ.get("WEB_CONCURRENCY", default_workers))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Recycle workers now and then so that slow leaks never add up; jitter keeps them
# from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10

# A request taking longer than this kills its worker; on SIGTERM (systemd stop,
# deploy) workers get graceful_timeout seconds to finish what they are serving.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than nginx's upstream keepalive_timeout would be wasted; shorter makes
# nginx reconnect needlessly.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Trust X-Forwarded-* only from the load balancer's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log on stdout, one key=value line per request (quotes inside values are
# escaped by gunicorn); empty GUNICORN_ACCESS_LOG switches it off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    'remote=%(h)s method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s '
    'duration_ms=%(M)s request_id="%({x-request-id}i)s" user_agent="%(a)s"'
)
# Private feed tokens, check-in codes and reset links appear as [redacted].
logger_class = "core.logging.RedactingGunicornLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "motesplats"

if os.environ.get("LOG_FORMAT") == "json":
    # The same JSON-lines formatter as the application's logs; access records
    # also carry each field (method, path, status, duration_ms …) on its own.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
            },
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
