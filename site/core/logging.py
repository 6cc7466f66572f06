"""Logs: a JSON-lines formatter (``LOG_FORMAT=json``), and secrets kept out of them.

Some addresses open something without a password: a member's private calendar
feed, a check-in code, a password-reset or e-mail confirmation link. Whoever reads
the logs must not be able to use them, so the access log and Django's request log
show those parts of a path as ``[redacted]``. Which parts they are follows from the
URL patterns: the values of their ``token``, ``code`` and ``key`` parameters.
"""

import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

from gunicorn.glogging import Logger as GunicornLogger

SECRET_URL_PARAMETERS = {"token", "code", "key"}
REDACTED = "[redacted]"

# Attributes every LogRecord has; anything else was passed in ``extra=``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# gunicorn's access-log atoms worth a field of their own.
_ACCESS_ATOMS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "a": "user_agent",
    "{x-request-id}i": "request_id",
}


def redact_path(path: str) -> str:
    """The path with the values of its secret URL parameters replaced by ``[redacted]``."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except (Resolver404, ValueError):
        return path
    for name, value in match.kwargs.items():
        if name in SECRET_URL_PARAMETERS and value:
            path = path.replace(str(value), REDACTED)
    return path


class RedactSecretPaths(logging.Filter):
    """Redacts the paths in Django's request logs ("Not Found: /…")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger, whose access log redacts secret parts of each path."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = atoms["U"]
        redacted = redact_path(path)
        if redacted != path:
            atoms["U"] = redacted
            atoms["r"] = atoms["r"].replace(path, redacted)
        return atoms


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update({field: record.args[atom] for atom, field in _ACCESS_ATOMS.items()})
        for key, value in vars(record).items():
            # Django's request logs pass the request itself, whose text shows its path.
            if key not in _STANDARD and key != "request" and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
